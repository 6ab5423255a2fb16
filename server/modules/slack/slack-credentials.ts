import type { Config } from '../../config';
import type { SecretBox } from '../../lib/secret-box';
import type { SlackApiOptions } from './slack-api';
import type { SlackAppSecretsRow } from './slack.repo';

/** AAD of a sealed secret: the ciphertext only opens for this account and this column. */
export const slackSealContext = (accountId: string, column: 'signing_secret' | 'bot_token') =>
  `slack_apps:${accountId}:${column}`;

/** Enough of the token to recognise it ("…a1B2"), useless on its own. */
export const tokenHint = (token: string) => token.slice(-4);

/** One Slack call's deadline. Slack answers in well under a second; this bounds a hung connection. */
export const SLACK_TIMEOUT_MS = 5_000;

export const slackApiOptions = (config: Config, timeoutMs = SLACK_TIMEOUT_MS): SlackApiOptions => ({
  baseUrl: config.slackApiUrl,
  timeoutMs,
});

export function openBotToken(row: SlackAppSecretsRow, box: SecretBox) {
  return box.open(row.bot_token_encrypted, slackSealContext(row.account_id, 'bot_token'));
}

export function openSigningSecret(row: SlackAppSecretsRow, box: SecretBox) {
  return box.open(row.signing_secret_encrypted, slackSealContext(row.account_id, 'signing_secret'));
}
