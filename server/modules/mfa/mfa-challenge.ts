import type { Database, Queryable } from '../../db/types';
import { asSystem, withTenant } from '../../db/tenant';
import { AppError, conflict } from '../../lib/app-error';
import { hashSecret, newId, newSecret } from '../../lib/crypto';
import type { SecretBox } from '../../lib/secret-box';
import type { Role } from '../../../shared/roles';
import { accountRequiresMfa } from '../accounts/account-settings.repo';
import * as repo from './mfa.repo';
import * as passkeysRepo from './passkeys.repo';
import { authenticationOptions, type RelyingParty } from './webauthn';
import {
  assertUnderUserLimit,
  checkProof,
  recordWrongCode,
  type FactorMethod,
  type Proof,
} from './second-factor';

/**
 * The sign-in's second step. A right password for a user with a second factor yields a challenge
 * instead of a session: an `mfa_token` (random, stored as its SHA-256) that is bound to the user,
 * lives five minutes, is spent by the first right code and dies after five wrong ones.
 */
export const MFA_CHALLENGE = { ttlMinutes: 5, failuresPerToken: 5 };

export type MfaChallenge = { mfa_token: string; expires_at: Date; methods: FactorMethod[] };

/** Whether signing in as this user needs a second step (any confirmed factor). */
export function needsSecondStep(q: Queryable, user: { id: string; account_id: string }) {
  return repo.hasConfirmedFactor(q, user.account_id, user.id);
}

export async function issueChallenge(
  q: Queryable,
  user: { id: string; account_id: string },
  now: Date,
): Promise<MfaChallenge> {
  const token = newSecret('rfm_');
  const expiresAt = new Date(now.getTime() + MFA_CHALLENGE.ttlMinutes * 60_000);
  await repo.insertChallenge(q, {
    id: newId(),
    accountId: user.account_id,
    userId: user.id,
    tokenHash: hashSecret(token),
    expiresAt,
    now,
  });
  return { mfa_token: token, expires_at: expiresAt, methods: await methodsOf(q, user) };
}

/** The factors the user can answer with; a recovery code always works once a factor is set up. */
async function methodsOf(q: Queryable, user: { id: string; account_id: string }): Promise<FactorMethod[]> {
  const totp = await repo.findTotp(q, user.account_id, user.id);
  const passkeys = await passkeysRepo.countPasskeys(q, user.account_id, user.id);
  return [
    ...(totp?.confirmed_at ? (['totp'] as const) : []),
    ...(passkeys > 0 ? (['passkey'] as const) : []),
    'recovery_code',
  ];
}

export type VerifiedUser = {
  id: string;
  account_id: string;
  email: string;
  name: string;
  role: Role;
  account_name: string;
};

const tokenInvalid = (why: string) =>
  new AppError('MFA_TOKEN_INVALID', `${why}. Sign in again with your email and password.`);
const tokenSpent = () =>
  new AppError(
    'MFA_TOO_MANY_ATTEMPTS',
    'Too many wrong codes for this sign-in. Sign in again with your email and password.',
  );

async function activeUser(q: Queryable, accountId: string, userId: string) {
  const { rows } = await q.query<VerifiedUser>(
    `SELECT u.id, u.account_id, u.email, u.name, u.role, a.name AS account_name
     FROM users u JOIN accounts a ON a.id = u.account_id
     WHERE u.account_id = $1 AND u.id = $2 AND u.is_active AND u.deleted_at IS NULL`,
    [accountId, userId],
  );
  return rows[0];
}

/** The token is all the caller holds: its account is found on the system path, then work is in the tenant. */
async function findToken(db: Database, mfaToken: string) {
  if (!mfaToken.startsWith('rfm_') || mfaToken.length > 200) throw tokenInvalid('Unknown sign-in');
  const tokenHash = hashSecret(mfaToken);
  const found = await asSystem(db, 'auth', async (q) => {
    const { rows } = await q.query<{ account_id: string; user_id: string }>(
      `SELECT account_id, user_id FROM mfa_challenges WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0];
  });
  if (!found) throw tokenInvalid('Unknown sign-in');
  return { tokenHash, found };
}

/** The challenge row (locked), refused unless it is live and its user can still sign in. */
async function lockLiveChallenge(tx: Queryable, tokenHash: string, now: Date) {
  const challenge = await repo.lockChallengeByTokenHash(tx, tokenHash);
  if (!challenge) throw tokenInvalid('Unknown sign-in');
  if (challenge.used_at) throw tokenInvalid('This sign-in was already completed');
  if (challenge.expires_at.getTime() <= now.getTime()) throw tokenInvalid('This sign-in has expired');
  if (challenge.failed_attempts >= MFA_CHALLENGE.failuresPerToken) throw tokenSpent();
  const user = await activeUser(tx, challenge.account_id, challenge.user_id);
  if (!user) throw tokenInvalid('This user can no longer sign in');
  return { challenge, user };
}

/**
 * WebAuthn options for the sign-in's second step: the user's own credentials, and a new challenge
 * bound to this mfa_token (asking again replaces it; a passkey answer spends it).
 */
export async function passkeySignInOptions(db: Database, rp: RelyingParty, mfaToken: string, now: Date) {
  const { tokenHash, found } = await findToken(db, mfaToken);
  await assertUnderUserLimit(db, found.user_id, now);
  return withTenant(db, found.account_id, async (tx) => {
    const { challenge } = await lockLiveChallenge(tx, tokenHash, now);
    const passkeys = await passkeysRepo.listPasskeys(tx, challenge.account_id, challenge.user_id);
    if (passkeys.length === 0) {
      throw conflict('PASSKEY_NONE', 'No passkey is registered for this user; use another method');
    }
    const options = await authenticationOptions(rp, passkeys);
    await passkeysRepo.setSignInChallenge(tx, challenge.account_id, challenge.id, options.challenge);
    return options;
  });
}

/**
 * Completes a sign-in: the token must be live, the proof right. Answers the user to open a session
 * for. Every refusal that counts (a wrong code) is committed before it is thrown.
 */
export async function completeChallenge(
  db: Database,
  box: SecretBox,
  rp: RelyingParty,
  input: { mfa_token: string } & Proof,
  now: Date,
): Promise<VerifiedUser> {
  const { tokenHash, found } = await findToken(db, input.mfa_token);
  await assertUnderUserLimit(db, found.user_id, now);
  const outcome = await withTenant(db, found.account_id, async (tx) => {
    const { challenge, user } = await lockLiveChallenge(tx, tokenHash, now);
    const who = { accountId: challenge.account_id, userId: challenge.user_id };
    // A passkey answers the WebAuthn challenge of this sign-in, taken here so it is checked once.
    const passkey =
      input.passkey !== undefined
        ? { rp, challenge: await passkeysRepo.takeSignInChallenge(tx, who.accountId, challenge.id) }
        : undefined;
    const check = await checkProof(tx, box, who, input, now, 'sign_in', passkey);
    if (!check.ok) {
      const failures = await repo.countChallengeFailure(tx, challenge.account_id, challenge.id);
      return { ok: false as const, reason: check.reason, spent: failures >= MFA_CHALLENGE.failuresPerToken };
    }
    if (!(await repo.markChallengeUsed(tx, challenge.account_id, challenge.id, now))) {
      throw tokenInvalid('This sign-in was already completed');
    }
    return { ok: true as const, user };
  });
  if (outcome.ok) return outcome.user;
  await recordWrongCode(db, found.user_id, now);
  if (outcome.spent) throw tokenSpent();
  throw new AppError('MFA_CODE_INVALID', outcome.reason, { status: 401 });
}

/** For a sign-in by another route (a password reset): a challenge when the user has a second factor. */
export function challengeIfNeeded(db: Database, user: { id: string; account_id: string }, now: Date) {
  return withTenant(db, user.account_id, async (tx) =>
    (await needsSecondStep(tx, user)) ? issueChallenge(tx, user, now) : null,
  );
}

/** Whether a new session of this user is limited to enrolment (the account requires MFA, they have none). */
export function enrolmentRequired(db: Database, user: { id: string; account_id: string }) {
  return withTenant(
    db,
    user.account_id,
    async (tx) => (await accountRequiresMfa(tx, user.account_id)) && !(await needsSecondStep(tx, user)),
  );
}

/** The answer to a right password when a second step is needed: no cookie, just the challenge. */
export const challengeAnswer = (ch: MfaChallenge) => ({
  mfa_required: true as const,
  mfa_token: ch.mfa_token,
  expires_at: ch.expires_at.toISOString(),
  methods: ch.methods,
});
