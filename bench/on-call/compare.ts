// Two versions of the GET /schedules/:id/on-call use case, call by call alternately in ONE process
// on the same data, so a loaded machine's scheduling falls on both alike: "before" from a copy of
// the tree (e.g. `git archive <commit> server shared | tar -x -C /tmp/before`, with a node_modules
// link), "after" from this tree. Each side gets its own database adapter from its own tree, opened
// on identical data (PGlite: two data folders restored from one snapshot; PostgreSQL: two pools on
// one throw-away database). Reports wall and CPU time per side and checks both give the same answer.
// Usage: BEFORE=/tmp/before npx tsx bench/on-call/compare.ts   (add DATABASE_URL=…; RUNS=…, default 2000)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import type { Database } from '../../server/db/types';
import type { Ctx } from '../../server/modules/context';
import { onCall } from '../../server/modules/schedules/schedules.service';
import { summarize } from '../lib/stats';
import { cpuMs, openOnCallFixture } from './fixture';

const RUNS = Number(process.env.RUNS ?? 2000);
const WARMUP = 100;
const before = process.env.BEFORE;
if (!before) throw new Error('BEFORE=<path of the tree copy to compare with> is required');

type OnCall = (ctx: Ctx, id: string, at: Date) => Promise<unknown>;
type Side = { name: string; db: Database; onCall: OnCall; wall: number[]; cpu: number[] };

const f = await openOnCallFixture(process.env.DATABASE_URL);
const sides: Side[] = [];
try {
  const old = {
    onCall: (await import(resolve(before, 'server/modules/schedules/schedules.service.ts'))).onCall as OnCall,
    openPglite: (await import(resolve(before, 'server/db/pglite.ts'))).openPglite as typeof openPglite,
    openPostgres: (await import(resolve(before, 'server/db/postgres.ts')))
      .openPostgres as typeof openPostgres,
  };
  const snapshot = f.url ? null : await f.db.snapshot!();
  const open = (o: typeof openPglite, p: typeof openPostgres) =>
    f.url ? p(f.url, 2) : o(mkdtempSync(join(tmpdir(), 'rf-oncall-cmp-')), snapshot!);
  sides.push({
    name: 'before',
    db: await open(old.openPglite, old.openPostgres),
    onCall: old.onCall,
    wall: [],
    cpu: [],
  });
  sides.push({ name: 'after', db: await open(openPglite, openPostgres), onCall, wall: [], cpu: [] });

  let differ = 0;
  for (let i = 0; i < RUNS + WARMUP; i++) {
    const id = f.pick(f.ids);
    const at = f.moment();
    const answers: string[] = [];
    // Alternate which side goes first, so neither always runs right after the other's garbage.
    for (const side of i % 2 ? [...sides].reverse() : sides) {
      const ctx = { ...f.ctx(), db: side.db };
      const cpu = process.cpuUsage();
      const t = performance.now();
      const answer = await side.onCall(ctx, id, at);
      const wall = performance.now() - t;
      const c = cpuMs(cpu);
      if (i >= WARMUP) {
        side.wall.push(wall);
        side.cpu.push(c);
      }
      answers.push(JSON.stringify(answer));
    }
    if (answers[0] !== answers[1]) differ++;
  }
  const fmt = (xs: number[]) => {
    const s = summarize(xs);
    return `p50 ${s.p50.toFixed(2)}  p90 ${s.p90.toFixed(2)}  p99 ${s.p99.toFixed(2)}  max ${s.max.toFixed(2)}  mean ${s.mean.toFixed(3)}`;
  };
  console.log(`on-call use case (${f.db.kind}), ${RUNS} calls per side after ${WARMUP} warm-up, ms:`);
  for (const s of sides) {
    console.log(`  ${s.name.padEnd(6)} wall ${fmt(s.wall)}`);
    console.log(`  ${''.padEnd(6)} cpu  ${fmt(s.cpu)}`);
  }
  console.log(`  answers that differ: ${differ} of ${RUNS + WARMUP}`);
  console.log(`  load average: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
} finally {
  for (const s of sides) await s.db.close();
  await f.close();
}
