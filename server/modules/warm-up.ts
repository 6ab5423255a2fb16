import { builtinEngine } from '../ai';
import type { Database, Queryable } from '../db/types';
import { newId } from '../lib/crypto';
import type { Logger } from '../lib/logger';
import { insertAccount } from './accounts/accounts.repo';
import { authenticateSession, createAuthSession } from './auth/auth.service';
import type { Actor, Ctx } from './context';
import { produceAssessment } from './handoffs/assessment';
import { presentHandoff } from './handoffs/handoffs.presenter';
import { CreateHandoffBody } from './handoffs/handoffs.schemas';
import { claimHandoff, createHandoff } from './handoffs/handoffs.service';
import { insertUser } from './invites/invites.repo';
import { createSession } from './sessions/sessions.service';

/** How many PostgreSQL connections a start warms: a start's first escalations land on about four. */
const WARM_CONNECTIONS = 4;

/** Thrown at the end of a rehearsal so that its transaction rolls back. */
class RehearsalDone extends Error {}

/**
 * On PostgreSQL, rehearses the hot path on four pool connections at once before the server listens,
 * so the first escalation after a start is about as fast as the tenth (bench/escalation/first.ts): a
 * new backend fills its catalog, foreign-key and row-level-security caches on first use — 15–20 ms of
 * statement time on an escalation against 5–6 ms on a used backend — and the code paths run for the
 * first time. Planning reads does not fill those caches (measured): only running the same writes
 * does. It adds about 0.35 s to a start.
 *
 * Not on the embedded database: there the rehearsals' 0.5–0.8 s of work on its one connection and
 * one thread, before or right after listening, held a restart's readiness past its 3 s target
 * (bench/startup); its first two escalations stay several times slower than the tenth.
 */
export async function warmHotPaths(db: Database, connections: number, logger: Logger): Promise<void> {
  if (db.kind !== 'postgres') return;
  const count = Math.min(connections, WARM_CONNECTIONS);
  await Promise.all(Array.from({ length: count }, () => rehearseHotPath(db, logger)));
}

/**
 * One rehearsal: a throw-away account with a tech and an engineer; the tech signs in and the cookie
 * is resolved; a session is opened (the built-in engine's first answer), escalated, assessed and
 * claimed through the real use cases — all in one transaction that is rolled back: nothing is
 * written, nobody is notified, no event reaches a stream.
 */
export async function rehearseHotPath(db: Database, logger: Logger): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await rehearsal(insideTransaction(db, tx), logger);
      throw new RehearsalDone();
    });
  } catch (err) {
    if (!(err instanceof RehearsalDone)) throw err;
  }
}

async function rehearsal(db: Database, logger: Logger): Promise<void> {
  const now = new Date();
  const engine = builtinEngine();
  const accountId = newId();
  await insertAccount(db, accountId, 'Warm-up (rolled back)', now);
  const member = async (role: Actor['role']): Promise<Actor> => {
    const user = {
      id: newId(),
      accountId,
      role,
      name: `Warm-up ${role}`,
      email: `${newId()}@warm-up.invalid`,
    };
    // Not a password hash: the row never commits, and nobody could sign in with it if it did.
    await insertUser(db, { ...user, passwordHash: 'warm-up', now });
    return user;
  };
  const tech = await member('tech');
  const engineer = await member('engineer');
  // Every request resolves its cookie: a sign-in session made and looked up.
  const signIn = { ip: '127.0.0.1', userAgent: null };
  const { token } = await createAuthSession(db, { id: tech.id, account_id: accountId }, signIn, 1, now);
  await authenticateSession(db, token, now);
  const ctx = (actor: Actor): Ctx => ({ db, actor, now });
  const view = await createSession(
    ctx(tech),
    { assistant: engine },
    { problem: 'Outlook keeps asking for the password since this morning' },
  );
  // The request body as the route validates it, and the answer as the route renders it.
  const body = CreateHandoffBody.parse({ intent: 'escalate', engineer_notes: 'warm-up' });
  const handoff = await createHandoff(
    ctx(tech),
    { kickAssessments: () => {}, kickDeliveries: () => {} },
    view.session.id,
    body,
  );
  JSON.stringify({ handoff: presentHandoff(handoff) });
  // The escalation's assessment, which the next escalations would otherwise meet half-way.
  const assessing = { db, assistant: engine, builtin: engine, timeoutMs: 5000, logger, clock: () => now };
  await produceAssessment(assessing, accountId, handoff.id);
  await claimHandoff(ctx(engineer), handoff.id);
}

/**
 * The database as the use cases see it, every statement on the rehearsal's one open transaction:
 * their own transactions run inline (with their prelude: the app role and the tenant), and the role
 * is reset after each, as its commit would. What they announce for after commit is dropped.
 */
function insideTransaction(db: Database, tx: Queryable): Database {
  const inline: Queryable = { query: (sql, params) => tx.query(sql, params), exec: (sql) => tx.exec(sql) };
  return {
    ...db,
    ...inline,
    async transaction(fn, prelude) {
      if (prelude) await tx.exec(prelude);
      const result = await fn({ ...inline, notifyAfterCommit: () => {} });
      await tx.exec('RESET ROLE');
      return result;
    },
  };
}
