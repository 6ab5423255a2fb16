import { z } from 'zod';
import type { ChannelKind } from '../../../shared/notification-events';
import type { Config } from '../../config';
import { AppError, badRequest } from '../../lib/app-error';
import { assertOutboundUrl, OutboundUrlError, type OutboundPolicy } from '../../lib/outbound-url-guard';
import { SecretBox } from '../../lib/secret-box';
import type { ChannelTarget } from '../deliveries/senders';
import type { ChannelSecretsRow } from './channels.repo';

/** Outbound rules from configuration: https only in production, private targets only when allowed in development. */
export const outboundPolicy = (config: Config): OutboundPolicy => ({
  requireHttps: config.isProduction,
  allowPrivate: config.allowPrivateWebhooks,
});

const boxes = new WeakMap<Config, SecretBox>();
/** One SecretBox per configuration (key derivation runs once). */
export function secretBoxFor(config: Config): SecretBox {
  let box = boxes.get(config);
  if (!box) boxes.set(config, (box = new SecretBox(config.encryptionKeys)));
  return box;
}

/** AAD of a sealed column: ties the ciphertext to its tenant, row and column. */
export const sealContext = (accountId: string, channelId: string, column: 'target' | 'secret') =>
  `notification_channels:${accountId}:${channelId}:${column}`;

const MAX_EMAIL_RECIPIENTS = 20;
const emailSchema = z.email();

/**
 * Validates a target for its kind and returns it normalised: a URL that passes the outbound guard
 * (scheme, and every DNS answer public), or a list of email addresses. Refusals are 400s.
 */
export async function normaliseTarget(kind: ChannelKind, raw: string, config: Config): Promise<string> {
  if (kind === 'email') {
    const addresses = raw.split(/[,;\s]+/).filter(Boolean);
    if (addresses.length === 0 || addresses.length > MAX_EMAIL_RECIPIENTS) {
      throw badRequest(`An email channel needs 1 to ${MAX_EMAIL_RECIPIENTS} addresses`, { field: 'target' });
    }
    const bad = addresses.find((a) => !emailSchema.safeParse(a).success);
    if (bad) throw badRequest(`Not an email address: ${bad}`, { field: 'target' });
    return addresses.join(', ');
  }
  try {
    return (await assertOutboundUrl(raw, outboundPolicy(config))).toString();
  } catch (err) {
    if (err instanceof OutboundUrlError)
      throw new AppError('URL_NOT_ALLOWED', `Webhook URL refused: ${err.message}`, {
        details: { field: 'target' },
        cause: err,
      });
    throw err;
  }
}

/** `https://hooks.slack.com/…/XXXX`: enough to recognise a channel, useless to post to it. */
export function maskTarget(kind: ChannelKind, target: string): string {
  if (kind === 'email') return target;
  const url = new URL(target);
  const rest = `${url.pathname}${url.search}`.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}/…/${rest.slice(-4)}`;
}

/** Opens a channel's sealed columns into a send target. */
export function openTarget(row: ChannelSecretsRow, accountId: string, box: SecretBox): ChannelTarget {
  const target = box.open(row.target_encrypted, sealContext(accountId, row.id, 'target'));
  switch (row.kind) {
    case 'email':
      return { kind: 'email', to: target.split(/,\s*/) };
    case 'slack':
    case 'teams':
      return { kind: row.kind, url: target };
    case 'webhook': {
      if (!row.secret_encrypted) throw new Error('Webhook channel has no signing secret');
      return {
        kind: 'webhook',
        url: target,
        secret: box.open(row.secret_encrypted, sealContext(accountId, row.id, 'secret')),
      };
    }
  }
}
