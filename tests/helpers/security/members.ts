import { randomBytes } from 'node:crypto';
import { withTenant } from '../../../server/db/tenant';
import type { Database } from '../../../server/db/types';
import { newId } from '../../../server/lib/crypto';
import { createAuthSession } from '../../../server/modules/auth/auth.service';
import { hashPassword } from '../../../server/modules/auth/passwords';
import { insertUser } from '../../../server/modules/invites/invites.repo';
import type { Role } from '../../../shared/roles';
import { type TestApp } from '../app';
import { TestClient } from '../test-client';
import { TEST_PASSWORD, type TestUser } from '../factories';

let passwordHash: Promise<string> | undefined;

/**
 * Adds a member straight into an account (the password is TEST_PASSWORD, hashed once per file).
 * Tests that spend members — leaving the account, being deactivated — use these instead of the
 * shared ones.
 */
export async function addMember(
  db: Database,
  accountId: string,
  role: Role,
  label: string = role,
): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const tag = randomBytes(4).toString('hex');
  const user = { id: newId(), email: `${label}-${tag}@example.test`, name: `${label} ${tag}`, role };
  const hash = await passwordHash;
  await withTenant(db, accountId, (tx) =>
    insertUser(tx, { ...user, accountId, passwordHash: hash, now: new Date() }),
  );
  return user;
}

/**
 * A client with a brand-new cookie session for `user`, without the cost of a password check. Each
 * call gets its own session, so a test may log it out or let the server replace it freely.
 */
export async function sessionFor(
  app: TestApp['app'],
  db: Database,
  user: { id: string; accountId: string },
  ip?: string,
) {
  const s = await createAuthSession(
    db,
    { id: user.id, account_id: user.accountId },
    { ip: '203.0.113.7', userAgent: 'security-suite' },
    24,
    new Date(),
  );
  const client = new TestClient(app, ip);
  client.cookie = `rf_session=${s.token}`;
  client.csrf = s.csrfToken;
  return client;
}

/** A second client on the same session: the server's Set-Cookie answers land on the copy only. */
export function cloneClient(app: TestApp['app'], client: TestClient, ip = client.ip) {
  const copy = new TestClient(app, ip);
  copy.cookie = client.cookie;
  copy.csrf = client.csrf;
  copy.bearer = client.bearer;
  return copy;
}
