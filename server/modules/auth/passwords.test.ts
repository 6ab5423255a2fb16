import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';

// The database test projects hash at a lower cost (tests/helpers/cheap-password-hashing.ts); this
// unit test runs without it, on the parameters a production server uses.
describe('password hashing', () => {
  it('hashes with argon2id at OWASP parameters (19 MiB, 2 passes, 1 lane) and verifies', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'wrong horse battery')).toBe(false);
  });

  it('rejects an unknown user after verifying against a dummy hash', async () => {
    expect(await verifyPassword(undefined, 'anything at all')).toBe(false);
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
  });
});
