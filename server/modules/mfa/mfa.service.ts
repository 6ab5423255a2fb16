import { withTenant } from '../../db/tenant';
import type { Queryable } from '../../db/types';
import { AppError, conflict } from '../../lib/app-error';
import { newId } from '../../lib/crypto';
import type { SecretBox } from '../../lib/secret-box';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';
import { accountRequiresMfa } from '../accounts/account-settings.repo';
import * as repo from './mfa.repo';
import { countPasskeys } from './passkeys.repo';
import {
  hashRecoveryCode,
  newRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes';
import { assertUnderUserLimit, checkProof, recordWrongCode, TOTP_CONTEXT, type Proof } from './second-factor';
import { matchTotpStep, newTotpSecret, otpauthUrl } from './totp';

/**
 * A signed-in user's own two-factor settings: enrol an authenticator app (start, then confirm with a
 * first code), turn it off, renew the recovery codes. Each change is audit-logged; wrong codes count
 * towards the same per-user limit as the sign-in step.
 */

/** The enrolment QR code. The library is loaded on the first enrolment, not at start. */
async function qrCodeDataUrl(text: string) {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toDataURL(text, { margin: 1, width: 240 });
}

export type MfaStatus = {
  enabled: boolean;
  methods: ('totp' | 'passkey')[];
  recovery_codes_left: number;
  account_requires_mfa: boolean;
};

export async function mfaStatusIn(q: Queryable, accountId: string, userId: string): Promise<MfaStatus> {
  const totp = await repo.findTotp(q, accountId, userId);
  const passkeys = await countPasskeys(q, accountId, userId);
  const methods: MfaStatus['methods'] = [
    ...(totp?.confirmed_at ? (['totp'] as const) : []),
    ...(passkeys > 0 ? (['passkey'] as const) : []),
  ];
  const enabled = methods.length > 0;
  return {
    enabled,
    methods,
    recovery_codes_left: enabled ? await repo.countUnusedRecoveryCodes(q, accountId, userId) : 0,
    account_requires_mfa: await accountRequiresMfa(q, accountId),
  };
}

export function mfaStatus(ctx: Ctx) {
  return withTenant(ctx.db, ctx.actor.accountId, (tx) => mfaStatusIn(tx, ctx.actor.accountId, ctx.actor.id));
}

/** An audit entry about the acting user's own second factors. */
export const auditOwnFactor = (ctx: Ctx, tx: Queryable, action: string, details?: Record<string, unknown>) =>
  insertAudit(
    tx,
    {
      accountId: ctx.actor.accountId,
      actorUserId: ctx.actor.id,
      action,
      targetType: 'user',
      targetId: ctx.actor.id,
      details,
    },
    ctx.now,
  );

/** Starts (or restarts) enrolment with a new secret; it protects nothing until confirmed. */
export async function startTotpEnrolment(ctx: Ctx, box: SecretBox) {
  const { accountId, id: userId, email } = ctx.actor;
  const secret = newTotpSecret();
  await withTenant(ctx.db, accountId, async (tx) => {
    const existing = await repo.lockTotp(tx, accountId, userId);
    if (existing?.confirmed_at) {
      throw conflict('MFA_ALREADY_ENABLED', 'An authenticator app is already set up; turn it off first');
    }
    const secretSealed = box.seal(secret, TOTP_CONTEXT(accountId, userId));
    await repo.upsertPendingTotp(tx, { accountId, userId, secretSealed, now: ctx.now });
  });
  const url = otpauthUrl(secret, email);
  return { secret, otpauth_url: url, qr_data_url: await qrCodeDataUrl(url) };
}

/** Ten new recovery codes replacing the user's old ones; answered in clear this once. */
export function issueRecoveryCodes(ctx: Ctx, tx: Queryable) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  return repo
    .replaceRecoveryCodes(tx, {
      accountId: ctx.actor.accountId,
      userId: ctx.actor.id,
      codes: codes.map((c) => ({ id: newId(), hash: hashRecoveryCode(normaliseRecoveryCode(c)!) })),
      now: ctx.now,
    })
    .then(() => codes);
}

const wrongCode = (reason: string) => new AppError('MFA_CODE_INVALID', reason);

/** Confirms enrolment with a first code from the app; answers the recovery codes, shown this once. */
export async function confirmTotpEnrolment(ctx: Ctx, box: SecretBox, code: string) {
  const { accountId, id: userId } = ctx.actor;
  await assertUnderUserLimit(ctx.db, userId, ctx.now);
  const outcome = await withTenant(ctx.db, accountId, async (tx) => {
    const row = await repo.lockTotp(tx, accountId, userId);
    if (row?.confirmed_at) throw conflict('MFA_ALREADY_ENABLED', 'An authenticator app is already set up');
    if (!row) throw conflict('MFA_ENROLMENT_NOT_STARTED', 'Start the set-up first (POST /me/mfa/totp)');
    let secret: string;
    try {
      secret = box.open(row.secret_sealed, TOTP_CONTEXT(accountId, userId));
    } catch {
      throw conflict('MFA_ENROLMENT_NOT_STARTED', 'The set-up can no longer be read; start it again');
    }
    const step = matchTotpStep(secret, code.trim(), ctx.now);
    if (step === null) return { ok: false as const };
    await repo.confirmTotp(tx, accountId, userId, step, ctx.now);
    const codes = await issueRecoveryCodes(ctx, tx);
    await auditOwnFactor(ctx, tx, 'mfa.totp_enabled');
    return { ok: true as const, codes };
  });
  if (!outcome.ok) {
    await recordWrongCode(ctx.db, userId, ctx.now);
    throw wrongCode('The code does not match; check the app’s clock and try the next code');
  }
  return { recovery_codes: outcome.codes };
}

/** Runs `then` only if `proof` holds; a wrong proof is counted (committed) before the refusal. */
async function withProof<T>(
  ctx: Ctx,
  box: SecretBox,
  proof: Proof,
  via: string,
  then: (tx: Queryable) => Promise<T>,
): Promise<T> {
  const { accountId, id: userId } = ctx.actor;
  const who = { accountId, userId };
  await assertUnderUserLimit(ctx.db, userId, ctx.now);
  const outcome = await withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.hasConfirmedFactor(tx, accountId, userId))) {
      throw conflict('MFA_NOT_ENABLED', 'Two-factor sign-in is not on for you');
    }
    const check = await checkProof(tx, box, who, proof, ctx.now, via);
    if (!check.ok) return { ok: false as const, reason: check.reason };
    return { ok: true as const, value: await then(tx) };
  });
  if (!outcome.ok) {
    await recordWrongCode(ctx.db, userId, ctx.now);
    throw wrongCode(outcome.reason);
  }
  return outcome.value;
}

/** Turns two-factor sign-in off: a current code or a recovery code proves it is the owner asking. */
export async function disableTotp(ctx: Ctx, box: SecretBox, proof: Proof) {
  await withProof(ctx, box, proof, 'disable', async (tx) => {
    await repo.deleteTotp(tx, ctx.actor.accountId, ctx.actor.id);
    // The recovery codes stay while a passkey still protects the sign-in.
    if ((await countPasskeys(tx, ctx.actor.accountId, ctx.actor.id)) === 0) {
      await repo.deleteRecoveryCodes(tx, ctx.actor.accountId, ctx.actor.id);
    }
    await auditOwnFactor(ctx, tx, 'mfa.totp_disabled');
  });
}

/** Replaces every recovery code (used or not) with ten new ones, shown this once. */
export async function regenerateRecoveryCodes(ctx: Ctx, box: SecretBox, proof: Proof) {
  const codes = await withProof(ctx, box, proof, 'regenerate', async (tx) => {
    const fresh = await issueRecoveryCodes(ctx, tx);
    await auditOwnFactor(ctx, tx, 'mfa.recovery_codes_regenerated');
    return fresh;
  });
  return { recovery_codes: codes };
}
