import type { Queryable } from '../../db/types';

// ---- The installation's VAPID key pair (system path only: the table is revoked from the app role).

export async function insertVapidKeysIfAbsent(q: Queryable, publicKey: string, privateKeySealed: string) {
  await q.query(
    `INSERT INTO vapid_keys (id, public_key, private_key_sealed) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`,
    [publicKey, privateKeySealed],
  );
}

export async function readVapidKeys(q: Queryable) {
  const { rows } = await q.query<{ public_key: string; private_key_sealed: string }>(
    `SELECT public_key, private_key_sealed FROM vapid_keys WHERE id = 1`,
  );
  return rows[0];
}

// ---- Subscriptions (one per member and browser).

export type PushSubscriptionRow = {
  id: string;
  endpoint: string;
  label: string;
  created_at: Date;
  updated_at: Date;
  last_sent_at: Date | null;
};

const SUBSCRIPTION_COLUMNS = `id, endpoint, label, created_at, updated_at, last_sent_at`;

/**
 * Saves a device for `userId`, keyed by its endpoint within the account: a second subscribe of the
 * same browser updates its keys (and moves it to this member if another had it). `created` tells
 * the two apart.
 */
export async function upsertSubscription(
  tx: Queryable,
  accountId: string,
  s: { id: string; userId: string; endpoint: string; keysSealed: string; label: string },
  now: Date,
) {
  const { rows } = await tx.query<PushSubscriptionRow & { created: boolean }>(
    `INSERT INTO push_subscriptions (id, account_id, user_id, endpoint, keys_sealed, label, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (account_id, endpoint) DO UPDATE
       SET user_id = EXCLUDED.user_id, keys_sealed = EXCLUDED.keys_sealed, label = EXCLUDED.label, updated_at = EXCLUDED.updated_at
     RETURNING ${SUBSCRIPTION_COLUMNS}, (xmax = 0) AS created`,
    [s.id, accountId, s.userId, s.endpoint, s.keysSealed, s.label, now],
  );
  return rows[0]!;
}

export async function listSubscriptions(tx: Queryable, accountId: string, userId: string) {
  const { rows } = await tx.query<PushSubscriptionRow>(
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM push_subscriptions WHERE account_id = $1 AND user_id = $2 ORDER BY created_at, id`,
    [accountId, userId],
  );
  return rows;
}

/** Removes one of the member's own devices; false when it is not theirs (or gone). */
export async function deleteOwnSubscription(tx: Queryable, accountId: string, userId: string, id: string) {
  const { rowCount } = await tx.query(
    `DELETE FROM push_subscriptions WHERE account_id = $1 AND user_id = $2 AND id = $3`,
    [accountId, userId, id],
  );
  return rowCount === 1;
}

/** The push service said the subscription no longer exists (404/410). */
export async function deleteSubscription(tx: Queryable, accountId: string, id: string) {
  await tx.query(`DELETE FROM push_subscriptions WHERE account_id = $1 AND id = $2`, [accountId, id]);
}

export async function markSubscriptionUsed(tx: Queryable, accountId: string, id: string, now: Date) {
  await tx.query(`UPDATE push_subscriptions SET last_sent_at = $3 WHERE account_id = $1 AND id = $2`, [
    accountId,
    id,
    now,
  ]);
}

/** What a send needs of a device, if it is still there and its member still active. */
export async function findDeliverableSubscription(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<{ id: string; endpoint: string; keys_sealed: string }>(
    `SELECT s.id, s.endpoint, s.keys_sealed FROM push_subscriptions s
     JOIN users u ON u.account_id = s.account_id AND u.id = s.user_id
     WHERE s.account_id = $1 AND s.id = $2 AND u.is_active AND u.deleted_at IS NULL`,
    [accountId, id],
  );
  return rows[0];
}

export type PushTarget = {
  subscription_id: string;
  user_id: string;
  time_zone: string | null;
  from_minute: number | null;
  to_minute: number | null;
};

/** The devices of `userIds` with their owner's quiet hours (null when none are set). */
export async function devicesOf(tx: Queryable, accountId: string, userIds: string[]) {
  if (userIds.length === 0) return [];
  const { rows } = await tx.query<PushTarget>(
    `SELECT s.id AS subscription_id, s.user_id, q.time_zone, q.from_minute, q.to_minute
     FROM push_subscriptions s
     LEFT JOIN push_quiet_hours q ON q.account_id = s.account_id AND q.user_id = s.user_id
     WHERE s.account_id = $1 AND s.user_id = ANY($2::uuid[])
     ORDER BY s.user_id, s.created_at, s.id`,
    [accountId, userIds],
  );
  return rows;
}

// ---- Quiet hours.

export type QuietHoursRow = { time_zone: string; from_minute: number; to_minute: number };

export async function findQuietHours(tx: Queryable, accountId: string, userId: string) {
  const { rows } = await tx.query<QuietHoursRow>(
    `SELECT time_zone, from_minute, to_minute FROM push_quiet_hours WHERE account_id = $1 AND user_id = $2`,
    [accountId, userId],
  );
  return rows[0];
}

export async function saveQuietHours(
  tx: Queryable,
  accountId: string,
  userId: string,
  q: QuietHoursRow | null,
  now: Date,
) {
  if (!q) {
    await tx.query(`DELETE FROM push_quiet_hours WHERE account_id = $1 AND user_id = $2`, [
      accountId,
      userId,
    ]);
    return;
  }
  await tx.query(
    `INSERT INTO push_quiet_hours (user_id, account_id, time_zone, from_minute, to_minute, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (user_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, from_minute = EXCLUDED.from_minute,
       to_minute = EXCLUDED.to_minute, updated_at = EXCLUDED.updated_at`,
    [userId, accountId, q.time_zone, q.from_minute, q.to_minute, now],
  );
}

/**
 * Replaces a key pair that no longer opens (ENCRYPTION_KEY changed without the old key kept), if no
 * other process replaced it first. Every device subscribed with the old public key is dropped with
 * it: push services refuse pushes signed by another key (system path, all accounts).
 */
export async function replaceVapidKeys(
  q: Queryable,
  oldPublicKey: string,
  publicKey: string,
  privateKeySealed: string,
) {
  const { rowCount } = await q.query(
    `UPDATE vapid_keys SET public_key = $2, private_key_sealed = $3, created_at = now() WHERE id = 1 AND public_key = $1`,
    [oldPublicKey, publicKey, privateKeySealed],
  );
  if (rowCount === 1) await q.query(`DELETE FROM push_subscriptions`);
  return rowCount === 1;
}
