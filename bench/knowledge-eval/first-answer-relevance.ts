import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountKnowledge } from '../../server/ai/builtin/knowledge';
import { firstTurn } from '../engine-eval/first-answer';
import { summarize } from '../lib/stats';

// What the relevance benchmarks share: the development cases that the 100 articles were written
// for and the check of each case's first answer for the account's own
// item (an article in relevance.ts, a resolved session in session-relevance.ts).

const here = import.meta.dirname;
type Case = { id: string; text: string; fix_phrases: string[] };
export type Mapping = { case_id: string; article: string; title: string };

export const cases = new Map(
  (JSON.parse(readFileSync(join(here, '../engine-eval/longtail-dev.json'), 'utf8')) as Case[]).map((c) => [
    c.id,
    c,
  ]),
);
export const mapping = JSON.parse(readFileSync(join(here, 'article-cases.json'), 'utf8')) as Mapping[];
export const articleText = (m: Mapping) => readFileSync(join(here, 'articles', m.article), 'utf8');

/** Ten throw-away steps, so the JIT and the database's caches are warm before anything is timed. */
export async function warmUp(account: AccountKnowledge) {
  for (let i = 0; i < 10; i++) await firstTurn('warm up', account);
}

/**
 * Opens every mapped case as a new session and prints how often the first answer cites the
 * account's own item for it (`idByCase`), leads with it, and carries a fix phrase, and the next
 * step's latency (the first ten calls excluded).
 */
export async function evaluate(label: string, account: AccountKnowledge, idByCase: Map<string, string>) {
  let cited = 0;
  let first = 0;
  let carriesFix = 0;
  const ms: number[] = [];
  for (const m of mapping) {
    const c = cases.get(m.case_id)!;
    const t = performance.now();
    const turn = await firstTurn(c.text, account);
    ms.push(performance.now() - t);
    const causes = turn.step?.content.likely_causes ?? [];
    const id = idByCase.get(m.case_id)!;
    if (causes.some((x) => x.source.id === id)) cited++;
    if (causes[0]?.source.id === id) first++;
    const answer = JSON.stringify(turn.step?.content ?? {}).toLowerCase();
    if (c.fix_phrases.some((p) => answer.includes(p.toLowerCase()))) carriesFix++;
  }
  const pct = (n: number) => `${n}/${mapping.length} (${((100 * n) / mapping.length).toFixed(1)} %)`;
  const s = summarize(ms.slice(10));
  console.log(`\n${label}`);
  console.log(`  own item cited among the likely causes: ${pct(cited)}`);
  console.log(`  own item is the first likely cause:     ${pct(first)}`);
  console.log(`  first answer carries a fix phrase:      ${pct(carriesFix)}`);
  console.log(
    `  next step p50/p90/p99: ${s.p50.toFixed(1)} / ${s.p90.toFixed(1)} / ${s.p99.toFixed(1)} ms (n=${s.n})`,
  );
}
