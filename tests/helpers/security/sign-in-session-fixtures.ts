import { createAuthSession } from '../../../server/modules/auth/auth.service';
import type { Database } from '../../../server/db/types';
import { addMember } from './members';
import type { Fixture, PermissionWorld, WorldUser } from './permission-world';

/** One more browser session of `user`, as if signed in from another device; returns its id. */
async function anotherSession(db: Database, accountId: string, userId: string) {
  await createAuthSession(
    db,
    { id: userId, account_id: accountId },
    { ip: '198.51.100.20', userAgent: 'Other device' },
    24,
    new Date(),
  );
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM auth_sessions WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [userId],
  );
  return rows[0]!.id;
}

/**
 * Sign-in sessions (SPEC §16). The members are fresh ones: revoking sessions of the world's shared
 * members would sign out the clients other rules prepare their objects with.
 */
export const SIGN_IN_SESSION_FIXTURES = {
  /** A second session of a fresh tech (the author); anyone else naming it gets 404. */
  ownSignInSession: async (w: PermissionWorld) => {
    const author = await addMember(w.db, w.accountId, 'tech', 'two-devices');
    return { params: { id: await anotherSession(w.db, w.accountId, author.id) }, author };
  },
  /** A fresh member of the subject's role, signed in on another device as well. */
  signedInElsewhere: async (w, subject) => {
    if (!(subject in w.users)) return {};
    const caller = await addMember(w.db, w.accountId, w.users[subject as WorldUser].role, 'elsewhere');
    await anotherSession(w.db, w.accountId, caller.id);
    return { caller };
  },
} satisfies Record<string, Fixture>;
