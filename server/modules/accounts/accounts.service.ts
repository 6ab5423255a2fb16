import type { Role } from '../../../shared/roles';
import { asSystem, withTenant } from '../../db/tenant';
import type { Database } from '../../db/types';
import { conflict } from '../../lib/app-error';
import { newId } from '../../lib/crypto';
import { insertAudit } from '../audit/audit.repo';
import { hashPassword } from '../auth/passwords';
import { emailInUse, insertUser } from '../invites/invites.repo';
import { insertAccount } from './accounts.repo';

export type NewUser = { email: string; name: string; role: Role; password: string };

/**
 * Creates an account (tenant) with its first users. Used by the production CLI and the demo seed;
 * the account row itself is written inside the new tenant's own scope, so RLS checks it too.
 */
export async function createAccount(
  db: Database,
  input: { name: string; users: NewUser[] },
  now = new Date(),
) {
  for (const u of input.users) {
    if (await asSystem(db, 'cli', (q) => emailInUse(q, u.email))) {
      throw conflict('EMAIL_TAKEN', `A user with the email ${u.email} already exists`);
    }
  }
  const accountId = newId();
  const hashed = await Promise.all(
    input.users.map(async (u) => ({ ...u, id: newId(), passwordHash: await hashPassword(u.password) })),
  );
  await withTenant(db, accountId, async (tx) => {
    await insertAccount(tx, accountId, input.name, now);
    for (const u of hashed) {
      await insertUser(tx, {
        id: u.id,
        accountId,
        email: u.email,
        name: u.name,
        role: u.role,
        passwordHash: u.passwordHash,
        now,
      });
    }
    await insertAudit(
      tx,
      { accountId, actorUserId: null, action: 'account.created', targetType: 'account', targetId: accountId },
      now,
    );
  });
  return { accountId, users: hashed.map(({ id, email, name, role }) => ({ id, email, name, role })) };
}
