import { hash, verify } from '@node-rs/argon2';

// argon2id (the library default) with OWASP's second recommended parameter set.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 10;

export const hashPassword = (password: string) => hash(password, OPTIONS);

// Verifying against this when the email is unknown keeps response time from revealing which emails exist.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(
  passwordHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('not-a-real-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
