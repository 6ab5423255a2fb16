import type { Config } from '../../config';
import { secretBoxFor } from '../channels/channel-targets';
import { autotaskProvider } from './autotask/autotask.provider';
import { connectWiseProvider } from './connectwise/connectwise.provider';
import { haloProvider } from './halopsa/halopsa.provider';
import type { PsaProvider } from './provider';
import { openCredentials, openSealed, psaHttpOptions } from './psa-credentials';
import type { PsaConnectionSecretsRow } from './psa.repo';

/**
 * The PSA the account's connection names, with its secrets opened. Throws a plain Error when
 * ENCRYPTION_KEY no longer opens them (callers turn that into "save the keys again").
 */
export function providerForConnection(
  row: PsaConnectionSecretsRow,
  accountId: string,
  config: Config,
  timeoutMs?: number,
): PsaProvider {
  const box = secretBoxFor(config);
  const http = psaHttpOptions(config, timeoutMs);
  switch (row.provider) {
    case 'connectwise':
      return connectWiseProvider(openCredentials(row, accountId, box), http);
    case 'halopsa':
      return haloProvider(
        {
          apiUrl: row.site_url ?? '',
          authUrl: row.auth_url ?? '',
          clientId: row.client_id ?? '',
          clientSecret: openSealed(box, row.secret_encrypted, accountId, 'secret'),
          tenant: row.tenant,
        },
        { http, budgetKey: accountId, outcome: row.note_type },
      );
    case 'autotask':
      return autotaskProvider(
        {
          username: row.username ?? '',
          secret: openSealed(box, row.secret_encrypted, accountId, 'secret'),
          integrationCode: openSealed(box, row.integration_code_encrypted, accountId, 'integration_code'),
        },
        {
          http,
          discoveryUrl: config.autotaskZoneDiscoveryUrl,
          budgetKey: accountId,
          noteType: row.note_type,
        },
      );
  }
}
