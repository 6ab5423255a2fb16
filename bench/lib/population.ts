import { randomBytes } from 'node:crypto';
import type { Role } from '../../shared/roles';
import type { Database } from '../../server/db/types';
import { hashSecret, newId } from '../../server/lib/crypto';
import { createAuthSession } from '../../server/modules/auth/auth.service';

export type BenchUser = { id: string; accountId: string; role: Role; name: string; email: string };

/** The acting user (a use case's `ctx.actor`) for a member of an account made with `createAccount`. */
export function actorOf(
  created: { accountId: string },
  user: { id: string; role: Role; name: string; email: string },
): BenchUser {
  return { id: user.id, accountId: created.accountId, role: user.role, name: user.name, email: user.email };
}

/**
 * An account and its members written with SQL, as bench/stream does: no password hashing, because
 * the benchmarks measure the product's work, not sign-in. `members` lists how many of each role.
 */
export async function insertAccount(
  db: Database,
  name: string,
  members: Partial<Record<Role, number>>,
): Promise<{ accountId: string; users: BenchUser[] }> {
  const accountId = newId();
  const tag = randomBytes(3).toString('hex');
  await db.query(`INSERT INTO accounts (id, name) VALUES ($1, $2)`, [accountId, name]);
  const users: BenchUser[] = [];
  for (const [role, count] of Object.entries(members) as [Role, number][]) {
    for (let i = 0; i < count; i++) {
      const label = `${role[0]!.toUpperCase()}${role.slice(1)} ${i + 1}`;
      users.push({ id: newId(), accountId, role, name: label, email: `${role}${i + 1}-${tag}@bench.test` });
    }
  }
  await db.query(
    `INSERT INTO users (id, account_id, email, name, role) SELECT u.id, $1, u.email, u.name, u.role
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS u(id, email, name, role)`,
    [
      accountId,
      users.map((u) => u.id),
      users.map((u) => u.email),
      users.map((u) => u.name),
      users.map((u) => u.role),
    ],
  );
  return { accountId, users };
}

/** Personal API tokens (`Authorization: Bearer …`), stored hashed as the app stores them. */
export async function insertApiTokens(db: Database, users: BenchUser[]): Promise<Map<string, string>> {
  const tokens = new Map(users.map((u) => [u.id, `rfp_${randomBytes(24).toString('base64url')}`] as const));
  await db.query(
    `INSERT INTO api_tokens (id, account_id, user_id, name, token_hash)
     SELECT gen_random_uuid(), u.account_id, u.id, 'bench', u.h FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS u(id, account_id, h)`,
    [users.map((u) => u.id), users.map((u) => u.accountId), users.map((u) => hashSecret(tokens.get(u.id)!))],
  );
  return tokens;
}

export type BrowserCredentials = { cookie: string; csrfToken: string };

/**
 * Signed-in browser sessions made by the app's own sign-in code after the password check: the
 * `rf_session` cookie and the CSRF token a browser would hold.
 */
export async function createBrowserSessions(
  db: Database,
  users: BenchUser[],
  now = new Date(),
): Promise<Map<string, BrowserCredentials>> {
  const sessions = new Map<string, BrowserCredentials>();
  for (const u of users) {
    const { token, csrfToken } = await createAuthSession(
      db,
      { id: u.id, account_id: u.accountId },
      { ip: '127.0.0.1', userAgent: 'bench' },
      24,
      now,
    );
    sessions.set(u.id, { cookie: `rf_session=${token}`, csrfToken });
  }
  return sessions;
}
