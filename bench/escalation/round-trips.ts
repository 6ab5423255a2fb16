// Counts the statements of one escalation (the escalate request's transaction), one by one: where the
// round trips of `POST /sessions/:id/handoffs` go. Embedded database, in process.
// Usage: npx tsx bench/escalation/round-trips.ts
import { builtinEngine } from '../../server/ai';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import type { Database, Queryable } from '../../server/db/types';
import { createAccount } from '../../server/modules/accounts/accounts.service';
import { createHandoff } from '../../server/modules/handoffs/handoffs.service';
import { createSession } from '../../server/modules/sessions/sessions.service';
import { actorOf } from '../lib/population';

const db = await openPglite();
await migrate(db);
const created = await createAccount(db, {
  name: 'Round trips',
  users: [
    ...[1, 2, 3, 4, 5].map((i) => ({
      email: `s${i}@rt.test`,
      name: `Senior ${i}`,
      role: 'engineer' as const,
      password: 'round-trips-1',
    })),
    { email: 'tech@rt.test', name: 'Tech', role: 'tech' as const, password: 'round-trips-1' },
  ],
});
const tech = created.users.find((u) => u.role === 'tech')!;
const actor = actorOf(created, tech);
const view = await createSession(
  { db, actor, now: new Date() },
  { assistant: builtinEngine() },
  { problem: 'VPN error 809 from home' },
);

const statements: string[] = [];
const counting = (q: Queryable): Queryable => ({
  ...q,
  query: (sql, params) => {
    statements.push(sql.replace(/\s+/g, ' ').trim().slice(0, 110));
    return q.query(sql, params);
  },
});
const watched: Database = {
  ...db,
  transaction: (fn, prelude) => db.transaction((tx) => fn(counting(tx)), prelude),
};
await createHandoff({ db: watched, actor, now: new Date() }, { kickAssessments: () => {} }, view.session.id, {
  intent: 'escalate',
});
console.log(`${statements.length} statements in the escalation transaction (plus BEGIN+prelude and COMMIT):`);
statements.forEach((s, i) => console.log(`${String(i + 1).padStart(2)}. ${s}`));
await db.close();
