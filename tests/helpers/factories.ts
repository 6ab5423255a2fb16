import { randomBytes } from 'node:crypto';
import type { Role } from '../../shared/roles';
import type { Database } from '../../server/db/types';
import { createAccount } from '../../server/modules/accounts/accounts.service';

export const TEST_PASSWORD = 'test-password-1';

export type TestUser = { id: string; email: string; name: string; role: Role };
export type TestAccount = { accountId: string; users: Record<string, TestUser> };

/**
 * An account with one user per named role, e.g. `{ owner: 'owner', senior: 'engineer' }`.
 * Emails are unique per call so tests in one database never collide.
 */
export async function createTestAccount<K extends string>(
  db: Database,
  members: Record<K, Role>,
  name = 'Test MSP',
): Promise<{ accountId: string; users: Record<K, TestUser> }> {
  const tag = randomBytes(4).toString('hex');
  const entries = Object.entries(members) as [K, Role][];
  const result = await createAccount(db, {
    name,
    users: entries.map(([key, role]) => ({
      email: `${key}-${tag}@example.test`,
      name: `${key[0]!.toUpperCase()}${key.slice(1)} ${tag}`,
      role,
      password: TEST_PASSWORD,
    })),
  });
  const users = {} as Record<K, TestUser>;
  entries.forEach(([key], i) => {
    users[key] = result.users[i]! as TestUser;
  });
  return { accountId: result.accountId, users };
}

/** The five roles of SPEC §2, one user each. */
export const ALL_ROLES = {
  owner: 'owner',
  admin: 'admin',
  engineer: 'engineer',
  tech: 'tech',
  viewer: 'viewer',
} as const;
