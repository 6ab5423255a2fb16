import { randomInt } from 'node:crypto';
import { hashSecret } from '../../lib/crypto';

/**
 * Recovery codes: ten per user, each 16 characters of Crockford's base32 (80 random bits), shown
 * once as `xxxx-xxxx-xxxx-xxxx`.
 *
 * Stored as plain SHA-256, not argon2: argon2's cost exists to slow down guessing of low-entropy
 * passwords after a database leak. A random 80-bit code cannot be guessed offline whatever the hash
 * (2^80 tries), so a slow hash would only make each sign-in check cost ten argon2 runs. Online
 * guessing is held back by the same attempt limits as TOTP codes.
 */
export const RECOVERY_CODE_COUNT = 10;
// Crockford's alphabet: no i, l, o or u, so a code read aloud or retyped is not misread.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const LENGTH = 16;

export function newRecoveryCode(): string {
  let raw = '';
  for (let i = 0; i < LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  return raw.match(/.{4}/g)!.join('-');
}

/** The canonical form of what someone typed: case, spaces and dashes ignored, look-alikes mapped. */
export function normaliseRecoveryCode(input: string): string | null {
  const s = input.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  return s.length === LENGTH && [...s].every((ch) => ALPHABET.includes(ch)) ? s : null;
}

export const hashRecoveryCode = (normalised: string) => hashSecret(`rf-recovery:${normalised}`);
