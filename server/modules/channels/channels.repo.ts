import type { ChannelKind } from '../../../shared/notification-events';
import type { Queryable } from '../../db/types';

/** What may leave the server: never the encrypted columns. */
export type ChannelRow = {
  id: string;
  kind: ChannelKind;
  name: string;
  target_masked: string;
  events: string[];
  enabled: boolean;
  has_secret: boolean;
  created_at: Date;
  updated_at: Date;
};

/** For the senders only: the sealed target and secret. */
export type ChannelSecretsRow = {
  id: string;
  kind: ChannelKind;
  name: string;
  enabled: boolean;
  target_encrypted: string;
  secret_encrypted: string | null;
};

const PUBLIC_COLUMNS = `id, kind, name, target_masked, events, enabled, secret_encrypted IS NOT NULL AS has_secret, created_at, updated_at`;

export async function listChannels(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<ChannelRow>(
    `SELECT ${PUBLIC_COLUMNS} FROM notification_channels WHERE account_id = $1 ORDER BY created_at, id`,
    [accountId],
  );
  return rows;
}

export async function findChannel(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<ChannelRow>(
    `SELECT ${PUBLIC_COLUMNS} FROM notification_channels WHERE account_id = $1 AND id = $2`,
    [accountId, id],
  );
  return rows[0];
}

export async function findChannelSecrets(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<ChannelSecretsRow>(
    `SELECT id, kind, name, enabled, target_encrypted, secret_encrypted FROM notification_channels WHERE account_id = $1 AND id = $2`,
    [accountId, id],
  );
  return rows[0];
}

export type NewChannel = {
  id: string;
  accountId: string;
  kind: ChannelKind;
  name: string;
  targetEncrypted: string;
  targetMasked: string;
  secretEncrypted: string | null;
  events: string[];
  enabled: boolean;
  now: Date;
};

export async function insertChannel(tx: Queryable, c: NewChannel) {
  await tx.query(
    `INSERT INTO notification_channels (id, account_id, kind, name, target_encrypted, target_masked, secret_encrypted, events, enabled, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10, $10)`,
    [
      c.id,
      c.accountId,
      c.kind,
      c.name,
      c.targetEncrypted,
      c.targetMasked,
      c.secretEncrypted,
      c.events,
      c.enabled,
      c.now,
    ],
  );
}

export type ChannelChanges = {
  name?: string;
  targetEncrypted?: string;
  targetMasked?: string;
  events?: string[];
  enabled?: boolean;
};

/** Absent fields keep their value. */
export async function updateChannel(
  tx: Queryable,
  accountId: string,
  id: string,
  ch: ChannelChanges,
  now: Date,
) {
  const { rowCount } = await tx.query(
    `UPDATE notification_channels SET
       name = COALESCE($3, name),
       target_encrypted = COALESCE($4, target_encrypted),
       target_masked = COALESCE($5, target_masked),
       events = COALESCE($6::text[], events),
       enabled = COALESCE($7, enabled),
       updated_at = $8
     WHERE account_id = $1 AND id = $2 RETURNING id`,
    [
      accountId,
      id,
      ch.name ?? null,
      ch.targetEncrypted ?? null,
      ch.targetMasked ?? null,
      ch.events ?? null,
      ch.enabled ?? null,
      now,
    ],
  );
  return rowCount === 1;
}

export async function deleteChannel(tx: Queryable, accountId: string, id: string) {
  const { rowCount } = await tx.query(
    `DELETE FROM notification_channels WHERE account_id = $1 AND id = $2 RETURNING id`,
    [accountId, id],
  );
  return rowCount === 1;
}
