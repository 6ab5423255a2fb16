import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { asSystem } from '../../db/tenant';
import type { Database, Queryable } from '../../db/types';
import { AppError } from '../../lib/app-error';
import type { SecretBox } from '../../lib/secret-box';
import { insertAudit } from '../audit/audit.repo';
import * as repo from './mfa.repo';
import * as passkeysRepo from './passkeys.repo';
import { hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes';
import { matchTotpStep } from './totp';
import { verifyAuthentication, type RelyingParty } from './webauthn';

/**
 * Checking a second-factor proof, wherever one is asked for: the sign-in's second step, and a
 * signed-in user confirming, disabling or renewing. Each factor is one entry of `FACTORS`; a new
 * one adds its proof field and its checker there, and the sign-in step offers it.
 */

/**
 * What a caller may present: a TOTP code, a recovery code (in `code` too, told apart by form), or a
 * passkey's answer to a WebAuthn challenge (sign-in only: its challenge lives on the sign-in step).
 */
export type Proof = { code?: string; recovery_code?: string; passkey?: AuthenticationResponseJSON };
export type FactorMethod = 'totp' | 'passkey' | 'recovery_code';

/** For a passkey proof: this installation, and the challenge it must answer (null: none was asked). */
export type PasskeyContext = { rp: RelyingParty; challenge: string | null };

/** Wrong codes tolerated per user over the window, whatever token or session they come through. */
export const MFA_USER_LIMIT = { windowMinutes: 15, failures: 10 };

export type CheckResult = { ok: true; method: FactorMethod } | { ok: false; reason: string };

export const TOTP_CONTEXT = (accountId: string, userId: string) => `mfa-totp:${accountId}:${userId}`;

/** Opens the user's TOTP secret; a secret sealed under a key no longer configured counts as no factor. */
export function openTotpSecret(box: SecretBox, row: repo.TotpRow): string | null {
  try {
    return box.open(row.secret_sealed, TOTP_CONTEXT(row.account_id, row.user_id));
  } catch {
    return null;
  }
}

type Who = { accountId: string; userId: string };

async function checkTotp(tx: Queryable, box: SecretBox, who: Who, code: string, now: Date) {
  const row = await repo.lockTotp(tx, who.accountId, who.userId);
  const secret = row?.confirmed_at ? openTotpSecret(box, row) : null;
  if (!secret) return { ok: false as const, reason: 'No authenticator app is set up' };
  const step = matchTotpStep(secret, code, now);
  if (step === null) return { ok: false as const, reason: 'The code is wrong or has expired' };
  // Replay: a code is good for one use only, even within its 30 seconds (or the ±1 step window).
  if (!(await repo.advanceLastUsedStep(tx, who.accountId, who.userId, step))) {
    return { ok: false as const, reason: 'This code was already used; wait for the next one' };
  }
  return { ok: true as const, method: 'totp' as const };
}

async function checkRecoveryCode(tx: Queryable, who: Who, input: string, now: Date, via: string) {
  const normalised = normaliseRecoveryCode(input);
  const id = normalised
    ? await repo.useRecoveryCode(tx, who.accountId, who.userId, hashRecoveryCode(normalised), now)
    : undefined;
  if (!id) return { ok: false as const, reason: 'The recovery code is wrong or was already used' };
  const left = await repo.countUnusedRecoveryCodes(tx, who.accountId, who.userId);
  await insertAudit(
    tx,
    {
      accountId: who.accountId,
      actorUserId: who.userId,
      action: 'mfa.recovery_code_used',
      targetType: 'user',
      targetId: who.userId,
      details: { via, recovery_codes_left: left },
    },
    now,
  );
  return { ok: true as const, method: 'recovery_code' as const };
}

async function checkPasskey(
  tx: Queryable,
  who: Who,
  answer: AuthenticationResponseJSON,
  context: PasskeyContext | undefined,
  now: Date,
  via: string,
) {
  if (!context?.challenge) {
    return { ok: false as const, reason: 'Ask for passkey options first; each answers one attempt' };
  }
  // Only the signing user's own credentials count: another user's credential id is simply unknown.
  const passkey = await passkeysRepo.lockPasskeyByCredential(tx, who.accountId, who.userId, answer.id);
  if (!passkey) return { ok: false as const, reason: 'This passkey is not registered for you' };
  const verified = await verifyAuthentication(context.rp, context.challenge, passkey, answer);
  if (!verified.ok) return verified;
  if (!(await passkeysRepo.recordPasskeyUse(tx, who.accountId, passkey.id, verified.newCounter, now))) {
    return {
      ok: false as const,
      reason: 'The passkey’s signature counter went backwards; it may have been copied',
    };
  }
  await insertAudit(
    tx,
    {
      accountId: who.accountId,
      actorUserId: who.userId,
      action: 'mfa.passkey_used',
      targetType: 'user',
      targetId: who.userId,
      details: { via, passkey_id: passkey.id, name: passkey.name },
    },
    now,
  );
  return { ok: true as const, method: 'passkey' as const };
}

/**
 * Refuses with 429 while the user is over the limit of wrong codes. The count is not tenant data and
 * is read on the system path before the tenant transaction (requests racing each other may each
 * get one guess past the limit; the per-token limit, kept on the locked challenge row, is exact).
 */
export async function assertUnderUserLimit(db: Database, userId: string, now: Date) {
  const since = new Date(now.getTime() - MFA_USER_LIMIT.windowMinutes * 60_000);
  const { n, oldest } = await asSystem(db, 'auth', (q) => repo.failuresSince(q, userId, since));
  if (n < MFA_USER_LIMIT.failures) return;
  const freeAt = (oldest ?? now).getTime() + MFA_USER_LIMIT.windowMinutes * 60_000;
  throw new AppError('MFA_TOO_MANY_ATTEMPTS', 'Too many wrong codes. Wait a few minutes and try again.', {
    details: { retry_after_seconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) },
  });
}

/** Counts a wrong code against the user's limit; called after the tenant transaction, before refusing. */
export function recordWrongCode(db: Database, userId: string, now: Date) {
  return asSystem(db, 'auth', (q) => repo.recordFailure(q, userId, now));
}

/**
 * Checks `proof` for the user inside `tx`. A failure is answered, not thrown, so the caller can
 * commit what the check did, record the wrong code (`recordWrongCode`) and then refuse.
 */
export async function checkProof(
  tx: Queryable,
  box: SecretBox,
  who: Who,
  proof: Proof,
  now: Date,
  via: string,
  passkey?: PasskeyContext,
): Promise<CheckResult> {
  const code = proof.code?.trim();
  const result =
    proof.passkey !== undefined
      ? await checkPasskey(tx, who, proof.passkey, passkey, now, via)
      : proof.recovery_code !== undefined
        ? await checkRecoveryCode(tx, who, proof.recovery_code, now, via)
        : code !== undefined && /^\d{6}$/.test(code)
          ? await checkTotp(tx, box, who, code, now)
          : code !== undefined
            ? await checkRecoveryCode(tx, who, code, now, via)
            : { ok: false as const, reason: 'A code is required' };
  return result;
}
