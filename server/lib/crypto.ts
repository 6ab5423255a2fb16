import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = () => randomUUID();

/** An opaque secret for cookies, invites and API tokens: 32 random bytes, URL-safe. */
export const newSecret = (prefix = '') => prefix + randomBytes(32).toString('base64url');

/** Secrets are stored only as their SHA-256; a database leak does not leak usable tokens. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
