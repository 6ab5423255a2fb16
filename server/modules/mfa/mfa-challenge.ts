import type { Database, Queryable } from '../../db/types';
import { asSystem, withTenant } from '../../db/tenant';
import { AppError } from '../../lib/app-error';
import { hashSecret, newId, newSecret } from '../../lib/crypto';
import type { SecretBox } from '../../lib/secret-box';
import type { Role } from '../../../shared/roles';
import { accountRequiresMfa } from '../accounts/account-settings.repo';
import * as repo from './mfa.repo';
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
  return { mfa_token: token, expires_at: expiresAt, methods: ['totp', 'recovery_code'] };
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

/**
 * Completes a sign-in: the token must be live, the proof right. Answers the user to open a session
 * for. Every refusal that counts (a wrong code) is committed before it is thrown.
 */
export async function completeChallenge(
  db: Database,
  box: SecretBox,
  input: { mfa_token: string } & Proof,
  now: Date,
): Promise<VerifiedUser> {
  if (!input.mfa_token.startsWith('rfm_') || input.mfa_token.length > 200)
    throw tokenInvalid('Unknown sign-in');
  const tokenHash = hashSecret(input.mfa_token);
  // The token is all the caller holds: find its account on the system path, then work in the tenant.
  const found = await asSystem(db, 'auth', async (q) => {
    const { rows } = await q.query<{ account_id: string; user_id: string }>(
      `SELECT account_id, user_id FROM mfa_challenges WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0];
  });
  if (!found) throw tokenInvalid('Unknown sign-in');
  await assertUnderUserLimit(db, found.user_id, now);
  const outcome = await withTenant(db, found.account_id, async (tx) => {
    const challenge = await repo.lockChallengeByTokenHash(tx, tokenHash);
    if (!challenge) throw tokenInvalid('Unknown sign-in');
    if (challenge.used_at) throw tokenInvalid('This sign-in was already completed');
    if (challenge.expires_at.getTime() <= now.getTime()) throw tokenInvalid('This sign-in has expired');
    if (challenge.failed_attempts >= MFA_CHALLENGE.failuresPerToken) throw tokenSpent();
    const who = { accountId: challenge.account_id, userId: challenge.user_id };
    const user = await activeUser(tx, who.accountId, who.userId);
    if (!user) throw tokenInvalid('This user can no longer sign in');
    const check = await checkProof(tx, box, who, input, now, 'sign_in');
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
