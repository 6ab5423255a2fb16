import type { Queryable } from '../../db/types';
import { newId } from '../../lib/crypto';

/** What the settings page may see: never the sealed columns. */
export type SlackAppRow = {
  team_id: string;
  team_name: string;
  app_id: string | null;
  bot_user_id: string | null;
  channel: string;
  bot_token_hint: string;
  created_at: Date;
  updated_at: Date;
};

/** For the bot's calls and the signature check: adds the sealed secrets. */
export type SlackAppSecretsRow = SlackAppRow & {
  account_id: string;
  signing_secret_encrypted: string;
  bot_token_encrypted: string;
};

const PUBLIC_COLUMNS = `team_id, team_name, app_id, bot_user_id, channel, bot_token_hint, created_at, updated_at`;
const SECRET_COLUMNS = `${PUBLIC_COLUMNS}, account_id, signing_secret_encrypted, bot_token_encrypted`;

export async function findSlackApp(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<SlackAppRow>(
    `SELECT ${PUBLIC_COLUMNS} FROM slack_apps WHERE account_id = $1`,
    [accountId],
  );
  return rows[0];
}

export async function findSlackAppSecrets(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<SlackAppSecretsRow>(
    `SELECT ${SECRET_COLUMNS} FROM slack_apps WHERE account_id = $1`,
    [accountId],
  );
  return rows[0];
}

/**
 * System path (no tenant yet): the accounts whose Slack app lives in this workspace, for the
 * interaction endpoint to check the signature against. Narrow on purpose: a few columns, one key.
 */
export async function findSlackAppsForTeam(q: Queryable, teamId: string, appId: string | null) {
  const { rows } = await q.query<SlackAppSecretsRow>(
    `SELECT ${SECRET_COLUMNS} FROM slack_apps
     WHERE team_id = $1 AND (app_id IS NULL OR $2::text IS NULL OR app_id = $2) LIMIT 20`,
    [teamId, appId],
  );
  return rows;
}

export type SlackAppValues = {
  teamId: string;
  teamName: string;
  appId: string | null;
  botUserId: string | null;
  channel: string;
  signingSecretEncrypted: string;
  botTokenEncrypted: string;
  botTokenHint: string;
  updatedBy: string;
};

export async function upsertSlackApp(tx: Queryable, accountId: string, v: SlackAppValues, now: Date) {
  await tx.query(
    `INSERT INTO slack_apps (account_id, team_id, team_name, app_id, bot_user_id, channel, signing_secret_encrypted,
       bot_token_encrypted, bot_token_hint, updated_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     ON CONFLICT (account_id) DO UPDATE SET team_id = EXCLUDED.team_id, team_name = EXCLUDED.team_name,
       app_id = EXCLUDED.app_id, bot_user_id = EXCLUDED.bot_user_id, channel = EXCLUDED.channel,
       signing_secret_encrypted = EXCLUDED.signing_secret_encrypted, bot_token_encrypted = EXCLUDED.bot_token_encrypted,
       bot_token_hint = EXCLUDED.bot_token_hint, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [
      accountId,
      v.teamId,
      v.teamName,
      v.appId,
      v.botUserId,
      v.channel,
      v.signingSecretEncrypted,
      v.botTokenEncrypted,
      v.botTokenHint,
      v.updatedBy,
      now,
    ],
  );
}

export async function deleteSlackApp(tx: Queryable, accountId: string) {
  const { rowCount } = await tx.query(`DELETE FROM slack_apps WHERE account_id = $1 RETURNING account_id`, [
    accountId,
  ]);
  return rowCount === 1;
}

/**
 * Remembers an accepted interaction's signature until it expires. False when it was already there:
 * the request is a replay (the primary key decides, whichever process saw it first). Expired
 * receipts of the account are swept on the way.
 */
export async function recordInteractionReceipt(
  tx: Queryable,
  accountId: string,
  signature: string,
  expiresAt: Date,
  now: Date,
) {
  await tx.query(`DELETE FROM slack_interaction_receipts WHERE account_id = $1 AND expires_at < $2`, [
    accountId,
    now,
  ]);
  const { rowCount } = await tx.query(
    `INSERT INTO slack_interaction_receipts (account_id, signature, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING signature`,
    [accountId, signature, expiresAt],
  );
  return rowCount === 1;
}

/**
 * Outbox rows for the Slack app, in the event's transaction: `post` for an escalation stage,
 * `update` after a claim or release. The recipient is the Slack channel (for the delivery log).
 */
export async function enqueueSlackAppDelivery(
  tx: Queryable,
  accountId: string,
  eventId: number,
  action: 'post' | 'update',
  channel: string,
  now: Date,
) {
  await tx.query(
    `INSERT INTO deliveries (id, account_id, event_id, channel, channel_id, recipient, slack_action, idempotency_key, next_attempt_at, created_at)
     VALUES ($1, $2, $3, 'slack', NULL, $4, $5, $6, $7, $7)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [newId(), accountId, eventId, channel, action, `${eventId}:slack-app:${action}`, now],
  );
}

/** Whether a claim or release of this handoff has a Slack message to change (posted, or on its way). */
export async function handoffHasSlackMessages(tx: Queryable, accountId: string, handoffId: string) {
  const { rows } = await tx.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM slack_messages WHERE account_id = $1 AND handoff_id = $2)
         OR EXISTS (${OPEN_POSTS}) AS found`,
    [accountId, handoffId],
  );
  return rows[0]?.found === true;
}

/** Post rows of a handoff not yet sent nor given up (uses the partial index of migration 0020). */
const OPEN_POSTS = `SELECT 1 FROM deliveries d JOIN events e ON e.id = d.event_id
  WHERE d.account_id = $1 AND d.slack_action = 'post' AND d.status IN ('pending', 'failed')
    AND e.payload->>'handoff_id' = $2::text`;

export async function hasOpenSlackPosts(tx: Queryable, accountId: string, handoffId: string) {
  const { rows } = await tx.query<{ found: boolean }>(`SELECT EXISTS (${OPEN_POSTS}) AS found`, [
    accountId,
    handoffId,
  ]);
  return rows[0]?.found === true;
}

export type SlackMessageRow = { channel_id: string; ts: string };

export async function insertSlackMessage(
  tx: Queryable,
  accountId: string,
  m: { handoffId: string; deliveryId: string; channelId: string; ts: string },
  now: Date,
) {
  await tx.query(
    `INSERT INTO slack_messages (account_id, handoff_id, delivery_id, channel_id, ts, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [accountId, m.handoffId, m.deliveryId, m.channelId, m.ts, now],
  );
}

export async function listSlackMessages(tx: Queryable, accountId: string, handoffId: string) {
  const { rows } = await tx.query<SlackMessageRow>(
    `SELECT channel_id, ts FROM slack_messages WHERE account_id = $1 AND handoff_id = $2 ORDER BY created_at, ts`,
    [accountId, handoffId],
  );
  return rows;
}

/** The member a Slack user maps to, by email (case-insensitive); deleted members are not found. */
export async function findMemberByEmail(tx: Queryable, accountId: string, email: string) {
  const { rows } = await tx.query<{
    id: string;
    name: string;
    email: string;
    role: string;
    is_active: boolean;
  }>(
    `SELECT id, name, email, role, is_active FROM users
     WHERE account_id = $1 AND lower(email) = lower($2) AND deleted_at IS NULL`,
    [accountId, email],
  );
  return rows[0];
}
