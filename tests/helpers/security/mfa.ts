import { Secret, TOTP } from 'otpauth';
import type { TestClient } from '../test-client';

/** What an authenticator app shows for `secret` at `at` (SHA-1, 6 digits, 30 s). */
export const totpCodeAt = (secret: string, at: Date = new Date()) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: at.getTime(),
  });

/** Turns two-factor sign-in on for the client's user (app clock = wall clock); answers the secret and codes. */
export async function enrolTotp(client: TestClient, at: Date = new Date()) {
  const start = await client.post('/api/v1/me/mfa/totp');
  if (start.status !== 200) throw new Error(`MFA enrolment failed: ${start.status} ${start.text}`);
  const secret = start.body.secret as string;
  const confirm = await client.post('/api/v1/me/mfa/totp/confirm', { code: totpCodeAt(secret, at) });
  if (confirm.status !== 200) throw new Error(`MFA confirmation failed: ${confirm.status} ${confirm.text}`);
  return { secret, recoveryCodes: confirm.body.recovery_codes as string[] };
}
