import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { withTenant } from '../../db/tenant';
import { AppError, conflict, notFound } from '../../lib/app-error';
import { newId } from '../../lib/crypto';
import { accountRequiresMfa } from '../accounts/account-settings.repo';
import type { Ctx } from '../context';
import * as mfaRepo from './mfa.repo';
import { auditOwnFactor, issueRecoveryCodes } from './mfa.service';
import * as repo from './passkeys.repo';
import {
  registrationOptions,
  verifyRegistration,
  WEBAUTHN_CHALLENGE_MINUTES,
  type RelyingParty,
} from './webauthn';

/**
 * A signed-in user's own passkeys: register one (options, then the browser's answer), list, remove.
 * A first passkey turns two-factor sign-in on like a confirmed authenticator app does.
 */

const invalid = (reason: string) => new AppError('PASSKEY_INVALID', reason);

/** Registration options; the challenge is kept server-side (one per user, replaced by a new ask). */
export async function startPasskeyRegistration(ctx: Ctx, rp: RelyingParty) {
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const existing = await repo.listPasskeys(tx, accountId, userId);
    const options = await registrationOptions(rp, ctx.actor, existing);
    await repo.putRegistrationChallenge(tx, {
      accountId,
      userId,
      challenge: options.challenge,
      expiresAt: new Date(ctx.now.getTime() + WEBAUTHN_CHALLENGE_MINUTES * 60_000),
    });
    return options;
  });
}

/**
 * Verifies the browser's answer and stores the passkey. A right answer spends the challenge (it is
 * single use); a refused one changes nothing, like every other 4xx. Answers the new recovery codes
 * when the user had none (a first factor).
 */
export async function finishPasskeyRegistration(
  ctx: Ctx,
  rp: RelyingParty,
  input: { name: string; response: RegistrationResponseJSON },
) {
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) => {
    const pending = await repo.takeRegistrationChallenge(tx, accountId, userId);
    if (!pending || pending.expires_at.getTime() <= ctx.now.getTime()) {
      throw invalid('Ask for registration options first; each set is good for one passkey');
    }
    const verified = await verifyRegistration(rp, pending.challenge, input.response);
    if (!verified.ok) throw invalid(verified.reason);
    const id = newId();
    const stored = await repo.insertPasskey(tx, {
      id,
      accountId,
      userId,
      ...verified.passkey,
      name: input.name,
      now: ctx.now,
    });
    if (!stored) throw conflict('PASSKEY_ALREADY_REGISTERED', 'This passkey is already registered for you');
    const codes =
      (await mfaRepo.countUnusedRecoveryCodes(tx, accountId, userId)) === 0
        ? await issueRecoveryCodes(ctx, tx)
        : null;
    await auditOwnFactor(ctx, tx, 'mfa.passkey_added', { passkey_id: id, name: input.name });
    const row = (await repo.listPasskeys(tx, accountId, userId)).find((p) => p.id === id)!;
    return { passkey: publicView(row), ...(codes ? { recovery_codes: codes } : {}) };
  });
}

const publicView = (row: repo.PasskeyRow) => ({
  id: row.id,
  name: row.name,
  created_at: row.created_at.toISOString(),
  last_used_at: row.last_used_at?.toISOString() ?? null,
});

export function listOwnPasskeys(ctx: Ctx) {
  const { accountId, id: userId } = ctx.actor;
  return withTenant(ctx.db, accountId, async (tx) =>
    (await repo.listPasskeys(tx, accountId, userId)).map(publicView),
  );
}

/**
 * Removes one of the caller's passkeys. When the account requires two-factor sign-in, the last
 * factor cannot go (the user would be locked into enrolment). Removing the last factor of all also
 * drops the recovery codes, as turning the authenticator app off does.
 */
export async function removePasskey(ctx: Ctx, passkeyId: string) {
  const { accountId, id: userId } = ctx.actor;
  await withTenant(ctx.db, accountId, async (tx) => {
    const passkeys = await repo.listPasskeys(tx, accountId, userId);
    const target = passkeys.find((p) => p.id === passkeyId);
    if (!target) throw notFound('Passkey');
    const totp = await mfaRepo.findTotp(tx, accountId, userId);
    const lastFactor = passkeys.length === 1 && !totp?.confirmed_at;
    if (lastFactor && (await accountRequiresMfa(tx, accountId))) {
      throw conflict(
        'PASSKEY_LAST_FACTOR',
        'Your account requires two-factor sign-in; add another passkey or an authenticator app before removing this one',
      );
    }
    if (!(await repo.deletePasskey(tx, accountId, userId, passkeyId))) throw notFound('Passkey');
    if (lastFactor) await mfaRepo.deleteRecoveryCodes(tx, accountId, userId);
    await auditOwnFactor(ctx, tx, 'mfa.passkey_removed', { passkey_id: passkeyId, name: target.name });
  });
}
