import { createHash } from 'node:crypto';

/**
 * Identity of a piece of knowledge for de-duplication: case, spacing and line endings do not make
 * two imports of the same article different.
 */
export function contentHash(...parts: string[]): string {
  const normal = parts
    .map((p) => p.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim())
    .join('\u0000');
  return createHash('sha256').update(normal).digest('hex');
}
