import { hash, verify, type Options } from '@node-rs/argon2';

// argon2id (the library default) with OWASP's second recommended parameter set.
export const PASSWORD_HASH_OPTIONS: Readonly<Options> = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

let options: Readonly<Options> = PASSWORD_HASH_OPTIONS;

/**
 * For test suites only (tests/helpers/cheap-password-hashing.ts): hash at a small cost (1 MiB, one
 * pass) instead of about 20 ms of CPU per hash and per sign-in check. Nothing in the server calls it;
 * a hash records its own parameters, so verifying follows whatever a hash was made with.
 */
export function useCheapPasswordHashingForTests(): void {
  options = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
  dummyHash = undefined;
}

export const MIN_PASSWORD_LENGTH = 10;

export const hashPassword = (password: string) => hash(password, options);

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
