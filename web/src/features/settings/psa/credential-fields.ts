import type { PsaProviderName } from './api';

export type CredentialName =
  | 'site_url'
  | 'company_id'
  | 'public_key'
  | 'private_key'
  | 'client_id'
  | 'auth_url'
  | 'tenant'
  | 'client_secret'
  | 'username'
  | 'secret'
  | 'integration_code';

/** One field of a PSA's connection form; the form renders and checks every provider's list the same way. */
export type CredentialField = {
  name: CredentialName;
  label: string;
  /**
   * `always`: needed on every save; `until-saved`: write-only, needed until one is saved (empty then
   * keeps the saved one); `optional`.
   */
  need: 'always' | 'until-saved' | 'optional';
  /** Typed as a password: a secret the server never shows again. */
  password?: boolean;
  placeholder?: string;
  hint?: string;
  /** Said next to the field when it is needed and left empty. */
  missing?: string;
};

export const CREDENTIAL_FIELDS: Record<PsaProviderName, CredentialField[]> = {
  connectwise: [
    {
      name: 'site_url',
      label: 'Site',
      need: 'always',
      placeholder: 'api-na.myconnectwise.net',
      hint: "The host you sign in to, or your own server's address.",
      missing: 'Enter your ConnectWise site, e.g. api-na.myconnectwise.net.',
    },
    {
      name: 'company_id',
      label: 'Company id',
      need: 'always',
      missing: 'Enter the company id you sign in with.',
    },
    {
      name: 'public_key',
      label: 'Public key',
      need: 'until-saved',
      missing: 'Enter the public key of the API member.',
    },
    {
      name: 'private_key',
      label: 'Private key',
      need: 'until-saved',
      password: true,
      missing: 'Enter the private key of the API member.',
    },
    {
      name: 'client_id',
      label: 'Client id',
      need: 'always',
      hint: 'From developer.connectwise.com; sent with every call.',
      missing: 'Enter the client id of your integration.',
    },
  ],
  halopsa: [
    {
      name: 'site_url',
      label: 'Resource server',
      need: 'always',
      placeholder: 'https://acme.halopsa.com',
      hint: 'Configuration → Integrations → HaloPSA API: the resource server.',
      missing: 'Enter the resource server, e.g. https://acme.halopsa.com.',
    },
    {
      name: 'auth_url',
      label: 'Authorisation server',
      need: 'always',
      placeholder: 'https://acme.halopsa.com/auth',
      hint: 'Tokens are requested from its /token address.',
      missing: 'Enter the authorisation server, e.g. https://acme.halopsa.com/auth.',
    },
    {
      name: 'client_id',
      label: 'Client id',
      need: 'always',
      hint: 'Of an API application using client credentials, with the “all” scope.',
      missing: 'Enter the client id of the API application.',
    },
    {
      name: 'client_secret',
      label: 'Client secret',
      need: 'until-saved',
      password: true,
      missing: 'Enter the client secret of the API application.',
    },
    {
      name: 'tenant',
      label: 'Tenant',
      need: 'optional',
      hint: 'Hosted HaloPSA only; leave empty on your own server.',
    },
  ],
  autotask: [
    {
      name: 'username',
      label: 'API user name',
      need: 'always',
      placeholder: 'api-user@example.com',
      hint: 'An API-only user; its zone is found from this name.',
      missing: 'Enter the API user’s user name (an email address).',
    },
    {
      name: 'secret',
      label: 'Secret',
      need: 'until-saved',
      password: true,
      missing: 'Enter the API user’s secret.',
    },
    {
      name: 'integration_code',
      label: 'Integration code',
      need: 'until-saved',
      hint: 'The API tracking identifier of the API user.',
      missing: 'Enter the integration code (API tracking identifier).',
    },
  ],
};

/** The write-only fields of every provider: cleared after each save. */
export const WRITE_ONLY_FIELDS = [
  ...new Set(
    Object.values(CREDENTIAL_FIELDS)
      .flat()
      .filter((f) => f.need === 'until-saved')
      .map((f) => f.name),
  ),
];
