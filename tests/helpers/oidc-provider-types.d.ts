// oidc-provider ships no type declarations: the small part the SSO tests use, typed loosely.
declare module 'oidc-provider' {
  import type { RequestListener } from 'node:http';

  type Ctx = {
    oidc: {
      provider: Provider;
      client?: { clientId: string };
      session?: { accountId?: string };
    };
  };
  type Account = { accountId: string; claims: () => Promise<Record<string, unknown>> };

  class Grant {
    constructor(init: { clientId: string; accountId: string });
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export default class Provider {
    constructor(
      issuer: string,
      configuration: Record<string, unknown> & {
        findAccount?: (ctx: Ctx, id: string) => Promise<Account | undefined>;
        loadExistingGrant?: (ctx: Ctx) => Promise<Grant | undefined>;
      },
    );
    Grant: typeof Grant;
    callback(): RequestListener;
  }
}
