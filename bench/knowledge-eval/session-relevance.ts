// First-answer relevance of an account's own resolved sessions, and the next step's latency, as the
// account's history grows. The 100 KB articles of relevance.ts become 100 resolved sessions (the
// article's opening as the problem, its "Cause" and "Fix" sections as the root cause and the
// resolution); each mapped development case is then opened as a new session and its first answer
// checked for that session. Run alone, then among 100,000 resolved filler sessions written in the
// words of the shipped runbooks (bench/lib/resolved-sessions.ts), every one an IT problem.
// Usage: npx tsx bench/knowledge-eval/session-relevance.ts   (DATABASE_URL=postgres://… for PostgreSQL;
// FILLER_SESSIONS=n to change the filler)
import { migrate } from '../../server/db/migrate';
import { accountKnowledge } from '../../server/modules/knowledge/account-search';
import { openBenchDb } from '../lib/bench-database';
import { insertAccount } from '../lib/population';
import { fillerSessions, insertResolvedSessions, type ResolvedSession } from '../lib/resolved-sessions';
import { articleText, evaluate, mapping, warmUp } from './first-answer-relevance';

const FILLER = Number(process.env.FILLER_SESSIONS ?? 100_000);

/**
 * The article as a resolved session: its title as the summary, its opening paragraph as the problem,
 * its "Cause" and "Fix" sections as the root cause and the resolution. No domain: articles carry none.
 */
function asResolvedSession(markdown: string): ResolvedSession {
  const [, front = '', body = ''] = markdown.split(/^---$/m);
  const title = /title:\s*"?(.*?)"?\s*$/m.exec(front)?.[1] ?? '';
  const section = (heading: string) =>
    new RegExp(`^## ${heading}[^\\n]*\\n([\\s\\S]*?)(?=^## |$(?![\\s\\S]))`, 'm').exec(body)?.[1]?.trim() ??
    '';
  return {
    summary: title.slice(0, 200),
    problem: body.split(/^## /m)[0]!.trim(),
    domain: 'other',
    rootCause: section('Cause'),
    resolution: section('Fix'),
  };
}

const { db, kind, close } = await openBenchDb('rf_session_eval');
await migrate(db);
const { accountId, users } = await insertAccount(db, 'Session relevance MSP', { engineer: 1 });
const account = accountKnowledge(db, accountId);

const planted = mapping.map((m) => asResolvedSession(articleText(m)));
for (const [i, s] of planted.entries())
  if (!s.problem || !s.rootCause || !s.resolution)
    throw new Error(`${mapping[i]!.article}: a part is missing`);
const ids = await insertResolvedSessions(db, accountId, users[0]!.id, planted);
const sessionIds = new Map(mapping.map((m, i) => [m.case_id, ids[i]!]));

console.log(`Resolved-session relevance on ${kind}, ${mapping.length} sessions and cases`);
await warmUp(account);
await evaluate('With the 100 resolved sessions alone', account, sessionIds);

const seedStart = performance.now();
await insertResolvedSessions(db, accountId, users[0]!.id, fillerSessions(FILLER));
console.log(
  `\n(${FILLER} filler sessions added in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`,
);
await warmUp(account);
await evaluate(`With ${FILLER.toLocaleString('en')} filler sessions as well`, account, sessionIds);
await close();
