import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person the provider knows: the claims it puts in the ID token. */
export type ProviderUser = { email: string; email_verified: boolean; name?: string };

export type OidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds (or replaces) a person who can sign in; returns their provider account id. */
  addUser: (id: string, user: ProviderUser) => string;
  close: () => Promise<void>;
};

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 with one confidential client whose redirect URI is
 * `redirectUri`. Its development login form takes any known account id; consent is granted
 * automatically (loadExistingGrant), as a first-party app at Entra ID or Google Workspace would be.
 * Claims go into the ID token itself (conformIdTokenClaims off), where the app reads them.
 */
export async function startOidcProvider(redirectUri: string): Promise<OidcProvider> {
  const users = new Map<string, ProviderUser>();
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'resolutionflow-test';
  const clientSecret = 'a-client-secret-for-tests-only';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['oidc-test-cookie-key'] },
    async findAccount(_ctx, id) {
      const user = users.get(id);
      if (!user) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...user }) };
    },
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  handler = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    addUser: (id, user) => {
      users.set(id, user);
      return id;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Cookies of one site, as a browser keeps them (name → value; paths and expiry are not needed here). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string) {
    return this.cookies.get(name);
  }

  set(name: string, value: string) {
    this.cookies.set(name, value);
  }

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Walks a browser through the provider from its authorization URL: the login form (as `accountId`),
 * then the redirects, until the provider sends the browser back to the app. Returns that URL.
 */
export async function signInAtProvider(authorizationUrl: string, accountId: string): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  const origin = url.origin;
  let loggedIn = false;
  for (let hop = 0; hop < 10; hop++) {
    if (url.origin !== origin) return url;
    const interaction = /^\/interaction\/[^/]+$/.test(url.pathname);
    const res = interaction
      ? await fetch(url, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(
            loggedIn ? { prompt: 'consent' } : { prompt: 'login', login: accountId, password: 'any' },
          ),
        })
      : await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    if (interaction) loggedIn = true;
    jar.take(res);
    const location = res.headers.get('location');
    if (!location) throw new Error(`provider stopped at ${url.pathname}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer().catch(() => undefined);
    url = new URL(location, url);
  }
  throw new Error('too many redirects at the provider');
}
