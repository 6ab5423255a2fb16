// First-answer relevance of an account's own articles (SPEC §14): 100 short KB articles written in
// an MSP's voice about problems of the long-tail development set (in other words than the cases),
// imported into a fresh account; each case is then opened as a new session and the first answer is
// checked for its article. Run alone, then with 10,000 unrelated articles in the index, where the
// next-step latency is also measured.
// Usage: npx tsx bench/knowledge-eval/relevance.ts   (DATABASE_URL=postgres://… for PostgreSQL)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinEngine } from '../../server/ai';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import { withTenant } from '../../server/db/tenant';
import type { Database } from '../../server/db/types';
import { accountKnowledge } from '../../server/modules/knowledge/account-search';
import { saveArticle } from '../../server/modules/knowledge/articles.service';
import { convertMarkdown } from '../../server/modules/knowledge/import/convert-markdown';
import { insertAccount } from '../lib/population';
import { summarize } from '../lib/stats';
import { createThrowawayDatabase } from '../lib/throwaway-database';
import { seededRandom, unrelatedArticle } from './unrelated-articles';

const here = import.meta.dirname;
const FILLER = Number(process.env.FILLER_ARTICLES ?? 10_000);
type Case = { id: string; text: string; fix_phrases: string[] };
type Mapping = { case_id: string; article: string; title: string };

const cases = new Map(
  (JSON.parse(readFileSync(join(here, '../engine-eval/longtail-dev.json'), 'utf8')) as Case[]).map((c) => [
    c.id,
    c,
  ]),
);
const mapping = JSON.parse(readFileSync(join(here, 'article-cases.json'), 'utf8')) as Mapping[];

async function openDb(): Promise<{ db: Database; kind: string; close: () => Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    const db = await openPglite();
    return { db, kind: 'PGlite (in-memory)', close: () => db.close() };
  }
  const t = await createThrowawayDatabase(process.env.DATABASE_URL, 'rf_kb_eval');
  const db = await openPostgres(t.url, 5);
  return { db, kind: 'PostgreSQL', close: async () => (await db.close(), await t.drop()) };
}

const { db, kind, close } = await openDb();
await migrate(db);
const { accountId } = await insertAccount(db, 'Knowledge eval MSP', { engineer: 1 });
const engine = builtinEngine();
const account = accountKnowledge(db, accountId);

const articleIds = new Map<string, string>();
await withTenant(db, accountId, async (tx) => {
  for (const m of mapping) {
    const converted = convertMarkdown(m.article, readFileSync(join(here, 'articles', m.article), 'utf8'));
    if (converted.kind !== 'article') throw new Error(`${m.article}: ${JSON.stringify(converted)}`);
    const id = await saveArticle(
      tx,
      accountId,
      converted,
      { origin: 'file', file: m.article },
      null,
      new Date(),
    );
    if (!id) throw new Error(`${m.article} was skipped as a duplicate`);
    articleIds.set(m.case_id, id);
  }
});

async function evaluate(label: string) {
  let cited = 0;
  let first = 0;
  let carriesFix = 0;
  const ms: number[] = [];
  for (const m of mapping) {
    const c = cases.get(m.case_id)!;
    const t = performance.now();
    const turn = await engine.nextStep({
      intake: { problem: c.text },
      state: {},
      history: [],
      facts: [],
      assistantStepCount: 0,
      account,
    });
    ms.push(performance.now() - t);
    const causes = turn.step?.content.likely_causes ?? [];
    const id = articleIds.get(m.case_id)!;
    if (causes.some((x) => x.source.id === id)) cited++;
    if (causes[0]?.source.id === id) first++;
    const answer = JSON.stringify(turn.step?.content ?? {}).toLowerCase();
    if (c.fix_phrases.some((p) => answer.includes(p.toLowerCase()))) carriesFix++;
  }
  const pct = (n: number) => `${n}/${mapping.length} (${((100 * n) / mapping.length).toFixed(1)} %)`;
  const s = summarize(ms.slice(10));
  console.log(`\n${label}`);
  console.log(`  article cited among the likely causes: ${pct(cited)}`);
  console.log(`  article is the first likely cause:     ${pct(first)}`);
  console.log(`  first answer carries a fix phrase:     ${pct(carriesFix)}`);
  console.log(
    `  next step p50/p90/p99: ${s.p50.toFixed(1)} / ${s.p90.toFixed(1)} / ${s.p99.toFixed(1)} ms (n=${s.n})`,
  );
}

console.log(`Knowledge relevance on ${kind}, ${mapping.length} articles and cases`);
for (let i = 0; i < 10; i++)
  await engine.nextStep({
    intake: { problem: 'warm up' },
    state: {},
    history: [],
    facts: [],
    assistantStepCount: 0,
    account,
  });
await evaluate('With the 100 articles alone');

const seedStart = performance.now();
const random = seededRandom(42);
for (let batch = 0; batch < FILLER; batch += 500) {
  await withTenant(db, accountId, async (tx) => {
    for (let i = batch; i < Math.min(FILLER, batch + 500); i++)
      await saveArticle(tx, accountId, unrelatedArticle(i, random), { origin: 'written' }, null, new Date());
  });
}
console.log(
  `\n(${FILLER} unrelated articles added in ${((performance.now() - seedStart) / 1000).toFixed(1)} s)`,
);
await evaluate(`With ${FILLER.toLocaleString('en')} unrelated articles as well`);
await close();
