import * as oidc from 'openid-client';
import type { Config } from '../../config';
import { asSystem, withTenant } from '../../db/tenant';
import type { Database } from '../../db/types';
import { AppError } from '../../lib/app-error';
import { hashSecret, newId, newSecret } from '../../lib/crypto';
import type { Logger } from '../../lib/logger';
import { insertAudit } from '../audit/audit.repo';
import { describeProviderError, discoverProvider } from './sso-provider';
import { openClientSecret, ssoRedirectUri } from './sso-settings.service';
import * as repo from './sso.repo';
import type { SsoCallbackError } from './sso.schemas';

/** How long a browser has to come back from the provider before the attempt is void. */
export const SSO_LOGIN_TTL_MS = 10 * 60_000;

export type SsoDeps = { db: Database; config: Config; logger: Logger; now: Date };

export const emailDomain = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

const unknownDomain = () =>
  new AppError(
    'SSO_DOMAIN_UNKNOWN',
    'Single sign-on is not set up for this email domain; sign in with your password or ask your administrator',
  );

const stateInvalid = () =>
  new AppError(
    'SSO_STATE_INVALID',
    'This sign-in link is unknown, expired, already used or was started in another browser; start again',
  );

async function providerFor(deps: SsoDeps, row: repo.SsoSettingsRow) {
  return discoverProvider(deps.config, {
    issuerUrl: row.issuer_url,
    clientId: row.client_id,
    clientSecret: openClientSecret(deps.config, row),
  });
}

/**
 * First leg: finds the account by the email's domain and sends the browser to its provider with PKCE
 * (S256), state and nonce. They are kept server-side, bound to a random `browserKey` that goes back to
 * this browser only (HttpOnly cookie), so a callback from another browser — someone handing a victim
 * their own half-finished sign-in — is refused.
 */
export async function startSsoSignIn(deps: SsoDeps, email: string) {
  const settings = await asSystem(deps.db, 'auth', (q) => repo.findEnabledByDomain(q, emailDomain(email)));
  if (!settings) throw unknownDomain();
  let provider: oidc.Configuration;
  try {
    provider = await providerFor(deps, settings);
  } catch (err) {
    deps.logger.warn('sso discovery failed', {
      accountId: settings.account_id,
      error: describeProviderError(err),
    });
    throw new AppError(
      'SSO_PROVIDER_UNAVAILABLE',
      'Your organisation’s sign-in provider cannot be reached right now; try again shortly',
      { cause: err },
    );
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const browserKey = newSecret();
  await asSystem(deps.db, 'auth', (q) =>
    repo.insertLogin(
      q,
      {
        id: newId(),
        account_id: settings.account_id,
        state_hash: hashSecret(state),
        browser_hash: hashSecret(browserKey),
        code_verifier: codeVerifier,
        nonce,
        expires_at: new Date(deps.now.getTime() + SSO_LOGIN_TTL_MS),
      },
      deps.now,
    ),
  );
  const url = oidc.buildAuthorizationUrl(provider, {
    redirect_uri: ssoRedirectUri(deps.config),
    scope: 'openid email profile',
    response_type: 'code',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    // Entra ID and Google show their account picker instead of the first signed-in account.
    login_hint: email,
  });
  return { redirectUrl: url.href, browserKey };
}

export type SsoCallbackOutcome =
  { ok: true; user: { id: string; account_id: string } } | { ok: false; reason: SsoCallbackError };

/**
 * Second leg: the provider sent the browser back. State problems throw SSO_STATE_INVALID (nothing is
 * looked at further); every later refusal is an outcome the route turns into a login-page message.
 * `search` is the callback's query string as received.
 */
export async function finishSsoSignIn(
  deps: SsoDeps,
  search: string,
  browserKey: string | undefined,
): Promise<SsoCallbackOutcome> {
  const state = new URLSearchParams(search).get('state');
  if (!state || state.length > 200 || !browserKey) throw stateInvalid();
  const login = await asSystem(deps.db, 'auth', (q) => repo.findLoginByState(q, hashSecret(state)));
  if (
    !login ||
    login.used_at !== null ||
    login.expires_at.getTime() <= deps.now.getTime() ||
    login.browser_hash !== hashSecret(browserKey)
  ) {
    throw stateInvalid();
  }
  // Spent before the code is exchanged: a replayed callback finds it used.
  if (!(await asSystem(deps.db, 'auth', (q) => repo.spendLogin(q, login.id, deps.now)))) throw stateInvalid();

  const refuse = (reason: SsoCallbackError, detail?: string): SsoCallbackOutcome => {
    deps.logger.warn('sso sign-in refused', { accountId: login.account_id, reason, detail });
    return { ok: false, reason };
  };

  const settings = await asSystem(deps.db, 'auth', (q) => repo.findSettings(q, login.account_id));
  if (!settings?.enabled) return refuse('sso_disabled');

  let claims: oidc.IDToken;
  try {
    const provider = await providerFor(deps, settings);
    const callbackUrl = new URL(`${ssoRedirectUri(deps.config)}${search}`);
    const tokens = await oidc.authorizationCodeGrant(provider, callbackUrl, {
      pkceCodeVerifier: login.code_verifier,
      expectedState: state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    const found = tokens.claims();
    if (!found) return refuse('provider_error', 'no ID token');
    claims = found;
  } catch (err) {
    // A wrong nonce, a bad signature, a refused code, an unreachable provider: all end here.
    return refuse('provider_error', describeProviderError(err));
  }

  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (!email.includes('@') || email.length > 320) return refuse('email_missing');
  // Only the provider's word that the person controls the mailbox ties them to a member by email.
  if (claims.email_verified !== true) return refuse('email_unverified');
  const domain = emailDomain(email);
  if (!(await asSystem(deps.db, 'auth', (q) => repo.accountHoldsDomain(q, login.account_id, domain)))) {
    return refuse('domain_not_allowed', domain);
  }

  const existing = await asSystem(deps.db, 'auth', (q) => repo.findUserByEmail(q, email));
  // Emails are unique across the installation: a user of another account cannot join this one by
  // SSO, and is told the same thing as anyone else who is not a member (no hint of the other account).
  if (existing && existing.account_id !== login.account_id) return refuse('not_a_member');
  if (existing && (!existing.is_active || existing.deleted_at !== null)) return refuse('member_inactive');

  // No second step of our own here: the provider authenticated the person and applies its own MFA
  // policy (Entra ID conditional access, Google 2-Step). An account that requires MFA still sends a
  // member without a factor through enrolment (the session's flag is computed at each request).
  try {
    const user = await withTenant(deps.db, login.account_id, async (tx) => {
      let userId = existing?.id;
      if (!userId) {
        userId = newId();
        await repo.insertUser(
          tx,
          {
            id: userId,
            accountId: login.account_id,
            email,
            name: displayName(claims, email),
            role: settings.default_role,
          },
          deps.now,
        );
        await insertAudit(
          tx,
          {
            accountId: login.account_id,
            actorUserId: userId,
            action: 'member.created_by_sso',
            targetType: 'user',
            targetId: userId,
            details: { email, role: settings.default_role, issuer: claims.iss },
          },
          deps.now,
        );
      }
      await repo.touchLastLogin(tx, userId, deps.now);
      await insertAudit(
        tx,
        {
          accountId: login.account_id,
          actorUserId: userId,
          action: 'auth.sso_sign_in',
          targetType: 'user',
          targetId: userId,
          details: { email, issuer: claims.iss, subject: claims.sub, created: !existing },
        },
        deps.now,
      );
      return { id: userId, account_id: login.account_id };
    });
    return { ok: true, user };
  } catch (err) {
    // Two first sign-ins with the same email at once: the other one created the member.
    if ((err as { code?: string }).code === '23505') return refuse('not_a_member', 'email raced');
    throw err;
  }
}

function displayName(claims: oidc.IDToken, email: string) {
  const given = typeof claims.given_name === 'string' ? claims.given_name : '';
  const family = typeof claims.family_name === 'string' ? claims.family_name : '';
  const name =
    (typeof claims.name === 'string' && claims.name.trim()) ||
    `${given} ${family}`.trim() ||
    email.slice(0, email.lastIndexOf('@'));
  return name.slice(0, 200) || 'Member';
}
