import { shippedKnowledgeBase } from '../../server/ai/builtin/knowledge-base-file';
import { withTenant } from '../../server/db/tenant';
import { sessionKnowledgeSql } from '../../server/modules/sessions/sessions.repo';
import type { Database } from '../../server/db/types';
import { newId } from '../../server/lib/crypto';

export type ResolvedSession = {
  problem: string;
  /** The session's one-line summary; the problem's first 120 characters when not given. */
  summary?: string;
  domain: string;
  rootCause: string;
  resolution: string;
  runbookId?: string;
};

const pick = <T>(xs: readonly T[], i: number) => xs[i % xs.length]!;
const CLIENTS = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', 'Wingtip', 'Adatum', 'Litware', 'Proseware'];

/**
 * The i-th filler session: written in the words of a shipped runbook's symptoms and causes, with
 * client names and ticket-style noise, so the full-text index has an IT account's realistic variety
 * (every filler session is an IT problem, the hardest competition for a relevant one).
 */
function fillerSession(i: number): ResolvedSession {
  const rb = pick(shippedKnowledgeBase().runbookList(), i * 7);
  const cause = pick(rb.causes, i);
  return {
    problem: `${pick(rb.symptoms, i)} at ${pick(CLIENTS, i)} site ${i % 37}`,
    domain: rb.domain,
    rootCause: cause.text,
    resolution: cause.fix,
    runbookId: rb.id,
  };
}

/**
 * Writes resolved sessions with SQL in batches of 500 and indexes them the way resolving a session
 * does (`sessionKnowledgeSql`; these sessions have no facts). Returns their ids.
 */
export async function insertResolvedSessions(
  db: Database,
  accountId: string,
  userId: string,
  sessions: Iterable<ResolvedSession>,
): Promise<string[]> {
  const ids: string[] = [];
  let batch: ResolvedSession[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const values: string[] = [];
    const params: unknown[] = [accountId, userId];
    for (const s of batch) {
      const id = newId();
      ids.push(id);
      const base = params.length;
      params.push(
        id,
        JSON.stringify({ problem: s.problem }),
        s.summary ?? s.problem.slice(0, 120),
        s.domain,
        s.rootCause,
        s.resolution,
        JSON.stringify(s.runbookId ? { runbook_id: s.runbookId } : {}),
      );
      values.push(
        `($${base + 1}, $1, $2, 'resolved', $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}, now())`,
      );
    }
    await withTenant(db, accountId, (tx) =>
      tx.query(
        `INSERT INTO sessions (id, account_id, user_id, status, intake, problem_summary, problem_domain, root_cause, resolution_summary, engine_state, resolved_at) VALUES ${values.join(',')}`,
        params,
      ),
    );
    batch = [];
  };
  for (const s of sessions) {
    batch.push(s);
    if (batch.length === 500) await flush();
  }
  await flush();
  const knowledge = sessionKnowledgeSql({
    summary: 'problem_summary',
    problem: "intake->>'problem'",
    cause: 'root_cause',
    fix: 'resolution_summary',
    facts: 'NULL::text',
  });
  await withTenant(db, accountId, (tx) =>
    tx.query(
      `UPDATE sessions SET knowledge = ${knowledge} WHERE account_id = $1 AND knowledge IS NULL AND status = 'resolved'`,
      [accountId],
    ),
  );
  await db.query('ANALYZE sessions');
  return ids;
}

/** `count` filler sessions, generated lazily. */
export function* fillerSessions(count: number): Generator<ResolvedSession> {
  for (let i = 0; i < count; i++) yield fillerSession(i);
}
