// First-answer relevance of an account's own articles (SPEC §14): 100 short KB articles written in
// an MSP's voice about problems of the long-tail development set (in other words than the cases),
// imported into a fresh account; each case is then opened as a new session and the first answer is
// checked for its article. Run alone, then with 10,000 unrelated articles in the index, where the
// next-step latency is also measured.
// Usage: npx tsx bench/knowledge-eval/relevance.ts   (DATABASE_URL=postgres://… for PostgreSQL)
import { migrate } from '../../server/db/migrate';
import { withTenant } from '../../server/db/tenant';
import { accountKnowledge } from '../../server/modules/knowledge/account-search';
import { saveArticle } from '../../server/modules/knowledge/articles.service';
import { convertMarkdown } from '../../server/modules/knowledge/import/convert-markdown';
import { openBenchDb } from '../lib/bench-database';
import { insertAccount } from '../lib/population';
import { articleText, evaluate, mapping, warmUp } from './first-answer-relevance';
import { seededRandom, unrelatedArticle } from './unrelated-articles';

const FILLER = Number(process.env.FILLER_ARTICLES ?? 10_000);

const { db, kind, close } = await openBenchDb('rf_kb_eval');
await migrate(db);
const { accountId } = await insertAccount(db, 'Knowledge eval MSP', { engineer: 1 });
const account = accountKnowledge(db, accountId);

const articleIds = new Map<string, string>();
await withTenant(db, accountId, async (tx) => {
  for (const m of mapping) {
    const converted = convertMarkdown(m.article, articleText(m));
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

console.log(`Knowledge relevance on ${kind}, ${mapping.length} articles and cases`);
await warmUp(account);
await evaluate('With the 100 articles alone', account, articleIds);

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
await evaluate(`With ${FILLER.toLocaleString('en')} unrelated articles as well`, account, articleIds);
await close();
