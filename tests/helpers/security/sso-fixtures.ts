import { randomBytes } from 'node:crypto';
import { asSystem } from '../../../server/db/tenant';
import type { Fixture } from './permission-world';

// Permission fixtures for single sign-on (SPEC §16). Nothing listens on 127.0.0.1:9, so a discovery
// test answers at once that the provider cannot be reached (the permission world allows private
// addresses, as for its other local stand-ins).
const DEAD_ISSUER = 'http://127.0.0.1:9';
const domain = () => `sso-${randomBytes(4).toString('hex')}.example`;

export const SSO_FIXTURES = {
  ssoSettings: async () => ({
    body: {
      issuer_url: DEAD_ISSUER,
      client_id: 'permission-sweep',
      client_secret: 'permission-sweep-secret',
      allowed_domains: [domain()],
      default_role: 'tech',
      sso_only: false,
      enabled: false,
    },
  }),
  /** Settings saved (switched off), so a discovery test has an issuer to call. */
  ssoConfigured: async (w) => {
    await asSystem(w.db, 'seed', (q) =>
      q.query(
        `INSERT INTO sso_settings (account_id, issuer_url, client_id) VALUES ($1, $2, 'permission-sweep')
         ON CONFLICT (account_id) DO NOTHING`,
        [w.accountId, DEAD_ISSUER],
      ),
    );
    return {};
  },
  /** A work email whose domain no account signs in with: the public start answers 404 to anyone. */
  ssoStartUnknown: async () => ({ body: { email: `someone@${domain()}` } }),
  /** A callback with a state nobody issued: 400 to anyone, nothing looked up further. */
  ssoCallbackBogus: async () => ({ query: { state: randomBytes(16).toString('base64url'), code: 'x' } }),
} satisfies Record<string, Fixture>;
