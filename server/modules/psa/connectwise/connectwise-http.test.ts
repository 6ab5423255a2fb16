import { describe, expect, it } from 'vitest';
import { authorizationHeader, normaliseSiteUrl } from './connectwise-http';

describe('ConnectWise site and authentication', () => {
  it('normalises what an admin pastes as the site', () => {
    expect(normaliseSiteUrl('api-na.myconnectwise.net')).toBe('https://api-na.myconnectwise.net');
    expect(normaliseSiteUrl(' https://na.myconnectwise.net/ ')).toBe('https://na.myconnectwise.net');
    expect(normaliseSiteUrl('https://api-eu.myconnectwise.net/v4_6_release/apis/3.0/')).toBe(
      'https://api-eu.myconnectwise.net',
    );
    expect(normaliseSiteUrl('https://cw.example.com:8443/manage')).toBe('https://cw.example.com:8443/manage');
    expect(() => normaliseSiteUrl('http://exa mple.com')).toThrow();
  });

  it('builds Basic company+publicKey:privateKey', () => {
    const header = authorizationHeader({
      siteUrl: '',
      companyId: 'acme',
      publicKey: 'pub',
      privateKey: 'priv',
      clientId: 'x',
    });
    expect(header).toBe(`Basic ${Buffer.from('acme+pub:priv').toString('base64')}`);
  });
});
