import { Secret, TOTP } from 'otpauth';

/**
 * TOTP per RFC 6238 with the parameters every authenticator app understands: SHA-1, 6 digits, 30 s.
 * A code is accepted for the current step and one step either side (±30 s of clock drift); the step
 * it matched is returned so the caller can refuse a second use of the same code.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that still count (RFC 6238 §5.2 recommends at most one). */
export const TOTP_WINDOW = 1;
const ISSUER = 'ResolutionFlow';

function totp(secretBase32: string, label = '') {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new 160-bit secret (the RFC 4226 recommended length), base32 as apps expect it typed. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URL the QR code carries: issuer, the user's email as label, the secret. */
export function otpauthUrl(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString();
}

export const stepAt = (now: Date) => Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);

/** The time step `code` belongs to within the window around `now`, or null when it matches none. */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32).validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  return delta === null ? null : stepAt(now) + delta;
}
