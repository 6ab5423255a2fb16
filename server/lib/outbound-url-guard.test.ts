import { describe, expect, it } from 'vitest';
import { assertOutboundUrl, isForbiddenAddress, parseOutboundUrl } from './outbound-url-guard';

describe('outbound URL guard', () => {
  it('forbids private, loopback, link-local, unspecified and mapped addresses, and allows public ones', () => {
    const forbidden = [
      '10.0.0.1',
      '10.255.255.255',
      '172.16.0.1',
      '172.31.255.254',
      '192.168.0.1',
      '127.0.0.1',
      '127.8.9.10',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.0.1',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '0:0:0:0:0:ffff:a9fe:a9fe',
      '::127.0.0.1',
      '64:ff9b::10.0.0.1',
      'fe80::1%eth0',
      'not-an-ip',
    ];
    for (const a of forbidden) expect(isForbiddenAddress(a), a).toBe(true);
    const allowed = [
      '8.8.8.8',
      '172.32.0.1',
      '172.15.255.255',
      '192.169.0.1',
      '100.63.255.255',
      '52.1.2.3',
      '2606:4700:4700::1111',
      '2a00:1450:4001::200e',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
    ];
    for (const a of allowed) expect(isForbiddenAddress(a), a).toBe(false);
  });

  it('checks the scheme before any network', () => {
    expect(() =>
      parseOutboundUrl('http://example.com/x', { requireHttps: true, allowPrivate: false }),
    ).toThrow(/https/);
    expect(() =>
      parseOutboundUrl('file:///etc/passwd', { requireHttps: false, allowPrivate: false }),
    ).toThrow(/http/);
    expect(
      parseOutboundUrl('http://example.com/x', { requireHttps: false, allowPrivate: false }).hostname,
    ).toBe('example.com');
  });

  it('resolves names: localhost is refused unless private targets are allowed', async () => {
    await expect(
      assertOutboundUrl('http://localhost:8080/hook', { requireHttps: false, allowPrivate: false }),
    ).rejects.toThrow(/private, loopback/);
    await expect(
      assertOutboundUrl('http://localhost:8080/hook', { requireHttps: false, allowPrivate: true }),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      assertOutboundUrl('https://[::ffff:169.254.169.254]/', { requireHttps: true, allowPrivate: false }),
    ).rejects.toThrow(/private/);
  });
});
