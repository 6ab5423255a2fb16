import type { Role } from '../../../shared/roles';
import type { Queryable } from '../../db/types';

/**
 * The NOTIFY channel that says "this user's access may have changed" (a session or token revoked,
 * the user deactivated or given another role). Every server process listens to it while it holds
 * live streams, and re-checks the streams of that user at once (server/realtime/access-watch.ts).
 * The payload is the user's id; the listener re-reads the truth from the database.
 */
export const ACCESS_CHANNEL = 'rf_access';

/** Inside a transaction the notification goes out at commit, so listeners never see the old state. */
export async function announceAccessChange(q: Queryable, userId: string) {
  await q.query(`SELECT pg_notify($1, $2)`, [ACCESS_CHANNEL, userId]);
}

/** The credential a live stream was opened with. */
export type StreamCredential = { kind: 'session' | 'token'; id: string };

/**
 * The role the credential's user has now, or undefined when the credential no longer signs anyone
 * in (revoked, expired, the user deactivated or removed). Same rules as the sign-in lookups in
 * auth.repo.ts, by id instead of by secret.
 */
export async function currentRoleOf(
  q: Queryable,
  credential: StreamCredential,
  now: Date,
): Promise<Role | undefined> {
  const { rows } =
    credential.kind === 'session'
      ? await q.query<{ role: Role }>(
          `SELECT u.role FROM auth_sessions s JOIN users u ON u.id = s.user_id
           WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.is_active AND u.deleted_at IS NULL`,
          [credential.id, now],
        )
      : await q.query<{ role: Role }>(
          `SELECT u.role FROM api_tokens t JOIN users u ON u.id = t.user_id
           WHERE t.id = $1 AND t.revoked_at IS NULL AND u.is_active AND u.deleted_at IS NULL`,
          [credential.id],
        );
  return rows[0]?.role;
}
