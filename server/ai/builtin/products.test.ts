import { describe, expect, it } from 'vitest';
import { productsNamed, sameProduct, TitleProducts } from './products';

describe('product families', () => {
  it('reads the vendor behind product names, abbreviations and versions', () => {
    expect([...productsNamed('user cant log into office.com, locked out')]).toEqual(['microsoft']);
    expect([...productsNamed('FortiClient 7.2 on win11 drops the tunnel')].sort()).toEqual([
      'fortinet',
      'microsoft',
    ]);
    expect([...productsNamed('365 mailbox prompts on the android mail app')].sort()).toEqual([
      'google',
      'microsoft',
    ]);
    expect([...productsNamed('jira cloud invites never arrive')]).toEqual(['atlassian']);
    expect([...productsNamed('site behind cloudfront throws 502 since the cert change')]).toEqual(['aws']);
    expect([...productsNamed('psql says database "jbloggs" does not exist')]).toEqual(['postgresql']);
    // Families the library holds many items on, and Microsoft's tools by their own names.
    expect([...productsNamed('openvpn AS portal rejects the right password')]).toEqual(['openvpn']);
    expect([...productsNamed("certbot renew fails, let's encrypt says unauthorized")]).toEqual([
      'letsencrypt',
    ]);
    expect([...productsNamed('usmt scanstate skips the pst files')]).toEqual(['microsoft']);
    expect([...productsNamed('after the power cut no VM on the PVE cluster started')]).toEqual(['proxmox']);
    // Self-hosted products the library now holds several items on (a spent hold-out's cert-manager
    // case led with Caddy's ACME item, its WordPress cases with Microsoft AutoUpdate's and Cloudflare's).
    expect([...productsNamed('cert-manager issuer: secrets "acme-key" already exists')]).toEqual([
      'certmanager',
    ]);
    // Microsoft's business apps by their own names, and products a spent hold-out's cases named
    // whose questions were answered from a neighbouring product's items.
    expect([...productsNamed('power automate desktop flow says the machine is not joined')]).toEqual([
      'microsoft',
    ]);
    expect([...productsNamed('metabase dashboard subscriptions never arrive')]).toEqual(['metabase']);
    expect(
      sameProduct(
        productsNamed('superoffice crm online: new starter never managed to log in'),
        productsNamed('New Okta user cannot sign in or get a welcome email'),
      ),
    ).toBe(false);
    expect(
      sameProduct(
        productsNamed('wordpress shows briefly unavailable for scheduled maintenance'),
        productsNamed('Microsoft AutoUpdate skips a scheduled update'),
      ),
    ).toBe(false);
  });

  it("names no product for generic words or Google's public DNS resolver", () => {
    expect(productsNamed('the shared drive is full and the box in reception is off').size).toBe(0);
    expect(productsNamed('nslookup against google dns works, our DCs time out').size).toBe(0);
  });

  it('an item answers the intake unless both name products and share none', () => {
    const intake = productsNamed('opnsense captive portal lets guests reach the office LAN');
    expect(sameProduct(intake, productsNamed('Cloudflare WARP captive portal timed out'))).toBe(false);
    expect(sameProduct(intake, productsNamed('OPNsense captive portal zone misses a block rule'))).toBe(true);
    expect(sameProduct(intake, productsNamed('Guest network can reach the LAN'))).toBe(true);
    expect(sameProduct(new Set(), productsNamed('Cloudflare WARP captive portal timed out'))).toBe(true);
    expect(
      sameProduct(productsNamed('cloudfront 502 bad gateway'), productsNamed('Traefik returns 502')),
    ).toBe(false);
  });

  it('keeps one set per combination of products across titles', () => {
    const titles = new TitleProducts();
    const vpn = titles.of('FortiClient VPN drops on Windows 11');
    expect([...vpn].sort()).toEqual(['fortinet', 'microsoft']);
    expect(titles.of('FortiGate SSL VPN portal blank in Windows')).toBe(vpn);
    expect([...titles.of('Printer shows offline')]).toEqual([]);
  });
});
