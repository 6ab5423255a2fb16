import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type TrustProxy } from '../config';
import { isLoopback, resolveClientAddress } from './client-address';

const trust = (value: string): TrustProxy => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: value }).trustProxy;

describe('client address behind proxies', () => {
  it('trusts nobody by default: the socket peer, whatever X-Forwarded-For says', () => {
    const none = loadConfig({ NODE_ENV: 'test' }).trustProxy;
    expect(none).toEqual({ kind: 'none' });
    expect(resolveClientAddress('10.0.0.5', '1.2.3.4', none)).toBe('10.0.0.5');
  });

  it('with a list: walks from the right past trusted proxies; entries left of the first stranger are ignored', () => {
    const list = trust('10.0.0.0/8, 192.168.1.1, loopback');
    expect(resolveClientAddress('10.0.0.5', '1.2.3.4', list)).toBe('1.2.3.4');
    expect(resolveClientAddress('10.0.0.5', '9.9.9.9, 1.2.3.4, 192.168.1.1', list)).toBe('1.2.3.4');
    expect(resolveClientAddress('127.0.0.1', ' 1.2.3.4 ', list)).toBe('1.2.3.4');
    // A peer that is not a trusted proxy: its header names nobody.
    expect(resolveClientAddress('8.8.8.8', '1.2.3.4', list)).toBe('8.8.8.8');
    // Every hop trusted: the leftmost address is the best there is.
    expect(resolveClientAddress('10.0.0.5', '10.1.1.1', list)).toBe('10.1.1.1');
    // Garbage to the left of a trusted hop is not an address: stop at that hop.
    expect(resolveClientAddress('10.0.0.5', 'not-an-ip', list)).toBe('10.0.0.5');
    expect(resolveClientAddress('10.0.0.5', undefined, list)).toBe('10.0.0.5');
  });

  it('with a hop count: the address the nearest N proxies saw, never further left', () => {
    expect(resolveClientAddress('10.0.0.5', '6.6.6.6, 1.2.3.4', trust('1'))).toBe('1.2.3.4');
    expect(resolveClientAddress('10.0.0.5', '6.6.6.6, 1.2.3.4, 10.0.0.9', trust('2'))).toBe('1.2.3.4');
    expect(resolveClientAddress('10.0.0.5', '1.2.3.4', trust('3'))).toBe('1.2.3.4');
    expect(trust('0')).toEqual({ kind: 'none' });
  });

  it('normalises IPv4-mapped IPv6, ports and brackets; IPv6 ranges work', () => {
    const list = trust('fd00::/8');
    expect(resolveClientAddress('fd00::1', '[2001:db8::7]:4711', list)).toBe('2001:db8::7');
    expect(resolveClientAddress('fd00::1', '1.2.3.4:5678', list)).toBe('1.2.3.4');
    expect(resolveClientAddress('fd00::1', '::FFFF:1.2.3.4', list)).toBe('1.2.3.4');
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });

  it('refuses a TRUST_PROXY that is not addresses, ranges, "loopback" or a small hop count', () => {
    for (const bad of ['proxy.example.com', '10.0.0.0/33', '10.0.0.1/abc', '11', 'loopback, nope']) {
      expect(() => trust(bad), bad).toThrow(ConfigError);
    }
  });
});

describe('listen address and metrics token defaults', () => {
  it('listens on 127.0.0.1 outside production and on every interface in production, unless HOST says', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@h/db',
      SESSION_SECRET: 's'.repeat(40),
      SMTP_URL: 'smtp://mail.example.com',
    };
    expect(loadConfig(production).host).toBe('0.0.0.0');
    expect(loadConfig({ ...production, HOST: '10.0.0.2' }).host).toBe('10.0.0.2');
  });

  it('a short METRICS_TOKEN is refused at start', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_TOKEN: 'x'.repeat(24) }).metricsToken).toBe('x'.repeat(24));
  });
});
