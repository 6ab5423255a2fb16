// Latency of the built-in engine with 100,000 resolved sessions in the account: next step (intake →
// first step, including the full-text search over past sessions) and escalation assessment.
// Usage: npx tsx bench/engine-latency/run.ts   (DATABASE_URL=postgres://… to run on PostgreSQL)
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { builtinEngine } from '../../server/ai';
import type { AccountKnowledge } from '../../server/ai/builtin/knowledge';
import { migrate } from '../../server/db/migrate';
import { createAccount } from '../../server/modules/accounts/accounts.service';
import { accountKnowledge } from '../../server/modules/knowledge/account-search';
import { handoffSnapshot } from '../../tests/helpers/handoff-snapshot';
import { openBenchDb } from '../lib/bench-database';
import { fillerSessions, insertResolvedSessions } from '../lib/resolved-sessions';
import { percentile } from '../lib/stats';

const RESOLVED = Number(process.env.RESOLVED_SESSIONS ?? 100_000);
const ITERATIONS = Number(process.env.ITERATIONS ?? 300);

const pick = <T>(xs: readonly T[], i: number) => xs[i % xs.length]!;

const { db, kind, close } = await openBenchDb('rf_bench');
await migrate(db);
const { accountId, users } = await createAccount(db, {
  name: 'Bench MSP',
  users: [
    {
      email: `bench-${randomBytes(3).toString('hex')}@example.test`,
      name: 'Bench Tech',
      role: 'tech',
      password: 'bench-password-1',
    },
  ],
});
const userId = users[0]!.id;

// Resolved sessions written in the words of the runbooks' symptoms and causes (bench/lib).
const seedStart = performance.now();
await insertResolvedSessions(db, accountId, userId, fillerSessions(RESOLVED));
const seedSeconds = (performance.now() - seedStart) / 1000;

const intakes: string[] = [
  ...JSON.parse(readFileSync(new URL('../engine-eval/cases-part1.json', import.meta.url), 'utf8')),
  ...JSON.parse(readFileSync(new URL('../engine-eval/cases-part2.json', import.meta.url), 'utf8')),
].map((c: { text: string }) => c.text);

const engine = builtinEngine();
// The database search is timed on its own too: it is the part that grows with the account.
const searchMs: number[] = [];
const ownKnowledge = accountKnowledge(db, accountId);
const account: AccountKnowledge = {
  search: async (words, shippedRunbookIds) => {
    const t = performance.now();
    const rows = await ownKnowledge.search(words, shippedRunbookIds);
    searchMs.push(performance.now() - t);
    return rows;
  },
};
const nextStepMs: number[] = [];
const assessMs: number[] = [];
for (let i = 0; i < ITERATIONS + 20; i++) {
  const problem = pick(intakes, i);
  let t = performance.now();
  const turn = await engine.nextStep({
    intake: { problem },
    state: {},
    history: [],
    facts: [],
    assistantStepCount: 0,
    account,
  });
  const stepMs = performance.now() - t;
  const snapshot = handoffSnapshot(problem, {
    problem_summary: problem.slice(0, 120),
    escalated_by: { id: userId, name: 'Bench Tech' },
    engineer_notes: 'Tried the obvious, still failing',
    steps: turn.step
      ? [
          {
            order: 1,
            kind: turn.step.kind,
            source: 'assistant',
            text: turn.step.content.text,
            command: null,
            answer: 'failed',
            outcome: 'failed',
            note: null,
            actor_name: 'Bench Tech',
            answered_at: new Date().toISOString(),
          },
        ]
      : [],
    facts: ['Only one user affected'],
    confidence: turn.confidence,
    engine_state: turn.state,
  });
  t = performance.now();
  await engine.assess(snapshot, account);
  const aMs = performance.now() - t;
  if (i >= 20) {
    // The first 20 warm the caches and the JIT.
    nextStepMs.push(stepMs);
    assessMs.push(aMs);
  }
}
const fmt = (xs: number[]) =>
  `p50 ${percentile(xs, 50).toFixed(1)} ms  p95 ${percentile(xs, 95).toFixed(1)} ms  p99 ${percentile(xs, 99).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms`;
console.log(
  `${kind}: ${RESOLVED} resolved sessions in the account (seeded in ${seedSeconds.toFixed(1)} s), ${ITERATIONS} intakes`,
);
console.log(`  next step   ${fmt(nextStepMs)}`);
console.log(`  assessment  ${fmt(assessMs)}`);
console.log(`  of which the resolved-session search (each call) ${fmt(searchMs.slice(40))}`);
await close();
