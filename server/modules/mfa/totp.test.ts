import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCode, normaliseRecoveryCode } from './recovery-codes';
import { matchTotpStep, newTotpSecret, otpauthUrl, stepAt } from './totp';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (base32 below), last six of the eight digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC test vectors and names the step each code belongs to', () => {
    expect(matchTotpStep(RFC_SECRET, '287082', new Date(59_000))).toBe(1);
    const t = new Date(1_111_111_109_000);
    expect(matchTotpStep(RFC_SECRET, '081804', t)).toBe(stepAt(t));
    expect(matchTotpStep(RFC_SECRET, '005924', new Date(1_234_567_890_000))).toBe(41_152_263);
  });

  it('accepts one step either side, not two', () => {
    const t = new Date(1_111_111_109_000); // code 081804 belongs to this step
    expect(matchTotpStep(RFC_SECRET, '081804', new Date(t.getTime() + 30_000))).toBe(stepAt(t));
    expect(matchTotpStep(RFC_SECRET, '081804', new Date(t.getTime() - 30_000))).toBe(stepAt(t));
    expect(matchTotpStep(RFC_SECRET, '081804', new Date(t.getTime() + 60_000))).toBeNull();
    expect(matchTotpStep(RFC_SECRET, '081804', new Date(t.getTime() - 60_000))).toBeNull();
  });

  it('refuses anything but six digits', () => {
    for (const code of ['', '28708', '2870821', '28708a', ' 287082']) {
      expect(matchTotpStep(RFC_SECRET, code, new Date(59_000))).toBeNull();
    }
  });

  it('makes 160-bit secrets and authenticator URLs', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    expect(otpauthUrl(secret, 'sam@example.com')).toBe(
      `otpauth://totp/ResolutionFlow:sam%40example.com?issuer=ResolutionFlow&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
  });
});

describe('recovery codes', () => {
  it('are 16 characters of Crockford base32 in groups of four, read back however typed', () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
    const canonical = normaliseRecoveryCode(code)!;
    expect(normaliseRecoveryCode(code.toUpperCase().replace(/-/g, ' '))).toBe(canonical);
    expect(normaliseRecoveryCode('O1IL-0000-0000-0000')).toBe('0111000000000000');
    expect(normaliseRecoveryCode('abcd-efgh')).toBeNull();
    expect(normaliseRecoveryCode('abcd-efgh-jkmn-pqr!')).toBeNull();
    expect(hashRecoveryCode(canonical)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(canonical)).not.toContain(canonical);
  });
});
