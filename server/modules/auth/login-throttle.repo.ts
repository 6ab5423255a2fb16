import type { Queryable } from '../../db/types';

/** Failed sign-ins since `since`: for this email from this address, from this address, for this email. */
export async function countRecentFailures(q: Queryable, email: string, ip: string, since: Date) {
  const { rows } = await q.query<{ by_pair: number; by_ip: number; by_email: number }>(
    `SELECT count(*) FILTER (WHERE lower(email) = lower($1) AND ip = $2)::int AS by_pair,
            count(*) FILTER (WHERE ip = $2)::int AS by_ip,
            count(*) FILTER (WHERE lower(email) = lower($1))::int AS by_email
     FROM login_attempts WHERE NOT succeeded AND created_at > $3 AND (lower(email) = lower($1) OR ip = $2)`,
    [email, ip, since],
  );
  return rows[0] ?? { by_pair: 0, by_ip: 0, by_email: 0 };
}

/**
 * When the `nth` most recent failure in the window happened (for the pair, or for the address alone
 * when `email` is null). Once it leaves the window fewer than `nth` failures remain, so the lock lifts.
 */
export async function nthRecentFailureAt(
  q: Queryable,
  scope: { email: string | null; ip: string },
  since: Date,
  nth: number,
): Promise<Date | undefined> {
  const { rows } = await q.query<{ created_at: Date }>(
    `SELECT created_at FROM login_attempts
     WHERE NOT succeeded AND created_at > $3 AND ip = $2 AND ($1::text IS NULL OR lower(email) = lower($1))
     ORDER BY created_at DESC OFFSET $4 LIMIT 1`,
    [scope.email, scope.ip, since, nth - 1],
  );
  return rows[0]?.created_at;
}
