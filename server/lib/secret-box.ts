import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) for secrets the application must read back, such as
 * webhook URLs and signing secrets. Sealed form: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url).
 *
 * - The AES key is derived with HKDF, so a configured secret that also serves another purpose
 *   (SESSION_SECRET as fallback) is never used directly as a cipher key.
 * - The key id lets values sealed under an older key (the fallback) still open after a new primary
 *   key is configured.
 * - `context` is bound as additional authenticated data: a value copied into another row or another
 *   tenant does not decrypt.
 */
export class SecretBox {
  private readonly keys: { id: string; key: Buffer }[];

  constructor(secrets: string[]) {
    if (secrets.length === 0) throw new Error('SecretBox needs at least one key');
    this.keys = secrets.map((s) => ({
      id: createHash('sha256').update(`rf-key-id:${s}`).digest('hex').slice(0, 8),
      key: Buffer.from(hkdfSync('sha256', s, 'resolutionflow', 'secrets-at-rest-v1', 32)),
    }));
  }

  seal(plaintext: string, context: string): string {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v1',
      id,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ct.toString('base64url'),
    ].join('.');
  }

  open(sealed: string, context: string): string {
    const [version, id, iv, tag, ct] = sealed.split('.');
    const entry = this.keys.find((k) => k.id === id);
    if (version !== 'v1' || !entry || iv === undefined || tag === undefined || ct === undefined) {
      throw new Error('Stored secret cannot be decrypted with the configured keys (ENCRYPTION_KEY changed?)');
    }
    const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }
}
