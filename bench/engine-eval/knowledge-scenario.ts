import { accountKnowledge } from '../../server/modules/knowledge/account-search';
import { builtinEngine } from '../../server/ai';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { createAccount } from '../../server/modules/accounts/accounts.service';
import { createSession, transition } from '../../server/modules/sessions/sessions.service';

/**
 * Learned knowledge, end to end on a real (embedded) database: a session about a problem no runbook
 * covers is resolved with its root cause; a differently worded intake of the same problem should
 * then find that session among its top three candidates.
 */
export async function knowledgeScenario(): Promise<{ rank: number | null }> {
  const db = await openPglite();
  await migrate(db);
  const { accountId, users } = await createAccount(db, {
    name: 'Eval MSP',
    users: [{ email: 'eval@example.test', name: 'Eval Tech', role: 'tech', password: 'eval-password-1' }],
  });
  const user = users[0]!;
  const ctx = {
    db,
    actor: { id: user.id, accountId, role: user.role, name: user.name, email: user.email },
    now: new Date(),
  };
  const deps = { assistant: builtinEngine() };
  const first = await createSession(ctx, deps, {
    problem:
      'Warehouse time clock kiosk shows "sync pending" and employee punches never reach the timesheet system',
  });
  await transition(ctx, first.session.id, 'resolve', {
    root_cause: 'The kiosk vendor rotated their API certificate and the kiosk firmware pinned the old one',
    resolution_summary:
      'Updated the kiosk firmware to 4.2 from the vendor portal, then forced a resync from the kiosk admin menu',
  });
  const search = accountKnowledge(db, accountId);
  const r = await builtinEngine().kb.retrieve(
    'staff clock-ins at the kiosk by the loading dock are not showing up on timesheets, screen stuck on sync pending',
    search,
  );
  await db.close();
  const index = r.candidates.findIndex((c) => c.id === first.session.id);
  return { rank: index < 0 ? null : index + 1 };
}
