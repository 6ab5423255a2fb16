import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

describe('SecretBox (AES-256-GCM)', () => {
  const url = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX';

  it('round-trips, and each seal differs (random IV)', () => {
    const box = new SecretBox(['k'.repeat(32)]);
    const a = box.seal(url, 'ctx');
    expect(a).not.toContain('hooks.slack.com');
    expect(a).not.toBe(box.seal(url, 'ctx'));
    expect(box.open(a, 'ctx')).toBe(url);
  });

  it('refuses another context, a tampered value and an unknown key', () => {
    const box = new SecretBox(['k'.repeat(32)]);
    const sealed = box.seal(url, 'account-a:channel-1:target');
    expect(() => box.open(sealed, 'account-b:channel-1:target')).toThrow();
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'account-a:channel-1:target')).toThrow();
    expect(() => new SecretBox(['other'.repeat(8)]).open(sealed, 'account-a:channel-1:target')).toThrow(
      /configured keys/,
    );
  });

  it('opens values sealed under an older key once a new primary key is configured', () => {
    const old = new SecretBox(['session-secret'.repeat(3)]);
    const sealed = old.seal(url, 'ctx');
    const rotated = new SecretBox(['encryption-key'.repeat(3), 'session-secret'.repeat(3)]);
    expect(rotated.open(sealed, 'ctx')).toBe(url);
    expect(() => old.open(rotated.seal(url, 'ctx'), 'ctx')).toThrow();
  });
});
