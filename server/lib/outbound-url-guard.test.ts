import { describe, expect, it } from 'vitest';
import {
  assertOutboundUrl,
  isForbiddenAddress,
  OutboundUrlError,
  parseOutboundUrl,
  REFUSED_HOST_MESSAGE,
} from './outbound-url-guard';

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
      // benchmarking (198.18.0.0/15) and the other IPv4 special-purpose blocks that no public host uses
      '198.18.0.1',
      '198.19.255.254',
      '192.0.0.8',
      '192.88.99.1',
      // the embedded IPv4 address decides: NAT64 well-known prefix, IPv4-translated (::ffff:0:0/96)
      '64:ff9b::7f00:1',
      '64:ff9b::127.0.0.1',
      '64:ff9b::c612:1',
      '::ffff:0:127.0.0.1',
      '::ffff:0:7f00:1',
      '::ffff:0:a9fe:a9fe',
      '0:0:0:0:ffff:0:10.0.0.5',
      '::ffff:198.18.0.1',
      // whole prefixes: NAT64 local use (64:ff9b:1::/48), 6to4 (2002::/16), Teredo (2001::/32), site-local
      '64:ff9b:1::7f00:1',
      '64:ff9b:1::808:808',
      '64:ff9b:1:ffff:ffff:ffff:ffff:ffff',
      '2002:7f00:1::',
      '2002:a00:5::1',
      '2002:808:808::1',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      'fec0::1',
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
      '64:ff9b::8.8.8.8',
      '::ffff:0:8.8.8.8',
      '198.17.255.255',
      '198.20.0.1',
      '64:ff9b:2::1',
      '2001:4860:4860::8888',
      '2003::1',
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
    ).rejects.toThrow(REFUSED_HOST_MESSAGE);
    await expect(
      assertOutboundUrl('http://localhost:8080/hook', { requireHttps: false, allowPrivate: true }),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      assertOutboundUrl('https://[::ffff:169.254.169.254]/', { requireHttps: true, allowPrivate: false }),
    ).rejects.toThrow(REFUSED_HOST_MESSAGE);
  });

  it('refuses every blocked host with the same message; what DNS answered is only in the log detail', async () => {
    const policy = { requireHttps: false, allowPrivate: false };
    const refusal = async (url: string) => {
      const err = await assertOutboundUrl(url, policy).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, url).toBeInstanceOf(OutboundUrlError);
      return err as OutboundUrlError;
    };
    const cases: [string, RegExp][] = [
      ['http://10.0.0.5/hook', /10\.0\.0\.5/],
      ['http://localhost:8080/hook', /localhost.*(127\.0\.0\.1|::1)/],
      ['http://[64:ff9b:1::7f00:1]/hook', /64:ff9b:1::7f00:1/],
      ['http://[2002:7f00:1::]/hook', /2002:7f00:1::/],
      ['http://[::ffff:0:127.0.0.1]/hook', /::ffff:0:7f00:1|::ffff:0:127\.0\.0\.1/],
      ['http://198.18.0.1/hook', /198\.18\.0\.1/],
      // .invalid never resolves (RFC 6761): refused in the same words as a private answer
      ['http://no-such-host.invalid/hook', /no-such-host\.invalid/],
    ];
    for (const [url, detail] of cases) {
      const err = await refusal(url);
      expect(err.message, url).toBe(REFUSED_HOST_MESSAGE);
      expect(err.logDetail, url).toMatch(detail);
    }
    // Nothing about the answer leaks into the message itself.
    const err = await refusal('http://localhost:8080/hook');
    expect(err.message).not.toMatch(/127|::1|localhost|private|loopback/);
  });
});
