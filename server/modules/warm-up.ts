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

/**
 * Rehearsals per start. On PostgreSQL each holds its own pool connection (a start's first escalations
 * land on about four); on the embedded database they run one after another on its one connection, and
 * the repeats are what brought its first escalation from about twice the tenth to 1.4 times (measured).
 */
const REHEARSALS = 4;

/** Thrown at the end of a rehearsal so that its transaction rolls back. */
class RehearsalDone extends Error {}

/**
 * Rehearses the hot path once per connection at start, so the first escalation after a start is as
 * fast as the tenth (bench/escalation/first.ts): a new PostgreSQL backend fills its catalog,
 * foreign-key and row-level-security caches on first use — 15–20 ms of statement time on an
 * escalation against 5–6 ms on a used backend — and the code paths run for the first time. Planning
 * reads does not fill those caches (measured): only running the same writes does.
 *
 * Each rehearsal creates a throw-away account with a tech and an engineer, signs the tech in and
 * resolves the cookie, opens a session (the built-in engine's first answer), escalates it, assesses
 * the escalation and claims it through the real use cases, all in one transaction that is rolled
 * back: nothing is written, nobody is notified, no event reaches a stream. A failure is logged and
 * the start goes on: a cold first escalation is slower, not wrong.
 */
export async function warmHotPaths(db: Database, connections: number, logger: Logger): Promise<void> {
  const count = db.kind === 'postgres' ? Math.min(connections, REHEARSALS) : REHEARSALS;
  await Promise.all(Array.from({ length: count }, () => rehearse(db, logger)));
}

async function rehearse(db: Database, logger: Logger): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await rehearsal(insideTransaction(db, tx), tx, logger);
      throw new RehearsalDone();
    });
  } catch (err) {
    if (!(err instanceof RehearsalDone)) throw err;
  }
}

async function rehearsal(db: Database, tx: Queryable, logger: Logger): Promise<void> {
  const now = new Date();
  const accountId = newId();
  await insertAccount(tx, accountId, 'Warm-up (rolled back)', now);
  const member = async (role: Actor['role']): Promise<Actor> => {
    const user = {
      id: newId(),
      accountId,
      role,
      name: `Warm-up ${role}`,
      email: `${newId()}@warm-up.invalid`,
    };
    // Not a password hash: the row never commits, and nobody could sign in with it if it did.
    await insertUser(tx, { ...user, passwordHash: 'warm-up', now });
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
    { assistant: builtinEngine() },
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
  const engine = builtinEngine();
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
