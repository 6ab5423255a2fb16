import type { Config } from '../../config';
import { AppError } from '../../lib/app-error';
import type { OutboundRequestOptions } from '../../lib/outbound-http';
import { assertOutboundUrl, OutboundUrlError } from '../../lib/outbound-url-guard';
import type { SecretBox } from '../../lib/secret-box';
import { outboundPolicy } from '../channels/channel-targets';
import { normaliseSiteUrl, type ConnectWiseCredentials } from './connectwise/connectwise-http';
import type { PsaConnectionSecretsRow } from './psa.repo';

export type SealedColumn = 'public_key' | 'private_key' | 'secret' | 'integration_code';

/** AAD of a sealed key: the ciphertext only opens for this account and this column. */
export const psaSealContext = (accountId: string, column: SealedColumn) =>
  `psa_connections:${accountId}:${column}`;

/** Enough of the public key to recognise it ("…X7Qa"), useless on its own. */
export const keyHint = (key: string) => key.slice(-4);

/**
 * The site URL normalised and checked by the same guard as webhook URLs (https only in production,
 * no private or loopback addresses unless ALLOW_PRIVATE_WEBHOOKS in development). Refusals are 400s.
 */
export async function checkedSiteUrl(
  raw: string,
  config: Config,
  normalise: (raw: string) => string = normaliseSiteUrl,
  field: 'site_url' | 'auth_url' = 'site_url',
): Promise<string> {
  const what = field === 'site_url' ? 'Site URL' : 'Authorisation URL';
  let site: string;
  try {
    site = normalise(raw);
  } catch {
    throw new AppError('URL_NOT_ALLOWED', `${what} refused: Not a valid URL`, {
      details: { field },
    });
  }
  try {
    await assertOutboundUrl(site, outboundPolicy(config));
  } catch (err) {
    if (err instanceof OutboundUrlError)
      throw new AppError('URL_NOT_ALLOWED', `${what} refused: ${err.message}`, {
        details: { field },
        cause: err,
      });
    throw err;
  }
  return site;
}

/** One PSA call's deadline: a settings action or an intake lookup waits at most this long. */
export const PSA_TIMEOUT_MS = 10_000;

/** Outbound rules and deadline of every PSA call. */
export const psaHttpOptions = (config: Config, timeoutMs = PSA_TIMEOUT_MS): OutboundRequestOptions => ({
  ...outboundPolicy(config),
  timeoutMs,
});

/** Opens one sealed column (throws when ENCRYPTION_KEY no longer opens it, or it is missing). */
export function openSealed(
  box: SecretBox,
  sealed: string | null,
  accountId: string,
  column: SealedColumn,
): string {
  if (!sealed) throw new Error(`The ${column.replace('_', ' ')} is missing`);
  return box.open(sealed, psaSealContext(accountId, column));
}

/** Decrypts the stored ConnectWise keys into credentials (throws when ENCRYPTION_KEY no longer opens them). */
export function openCredentials(
  row: PsaConnectionSecretsRow,
  accountId: string,
  box: SecretBox,
): ConnectWiseCredentials {
  return {
    siteUrl: row.site_url ?? '',
    companyId: row.company_id ?? '',
    clientId: row.client_id ?? '',
    publicKey: openSealed(box, row.public_key_encrypted, accountId, 'public_key'),
    privateKey: openSealed(box, row.private_key_encrypted, accountId, 'private_key'),
  };
}
