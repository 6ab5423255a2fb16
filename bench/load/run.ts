// Mixed load for 60 s at 200 virtual users against a real server process (SPEC §12, issue 8):
// techs run sessions and escalate, seniors hold live streams and claim, admins read analytics, the
// queue and the delivery log. Prints a Markdown table for docs/BENCHMARKS.md and writes JSON.
//
// Usage (see bench/load/README.md):
//   DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npx tsx bench/load/run.ts
//       a throw-away database in that cluster (dropped afterwards; the cluster is left alone)
//   npx tsx bench/load/run.ts
//       starts a private PostgreSQL 15 cluster (scripts/pg-cluster.sh, PG_CLUSTER_DIR=/tmp/rf-load-pg,
//       port 55433) and stops it afterwards
//   LOAD_DB=pglite npx tsx bench/load/run.ts      the embedded database instead
// Knobs: VUS (200), DURATION_S (60), ACCOUNTS (10), THINK_MIN_MS (1000), THINK_MAX_MS (3000),
//        HISTORY_SESSIONS (2000 per account), DATABASE_POOL_SIZE (server's default), OUT (JSON path),
//        SERVER_LOG_LEVEL (warn), CPU_PROFILE_DIR (writes the server's CPU profile there).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { startPrivateCluster, type PrivateCluster } from '../lib/throwaway-database';
import { runLoad } from './load';
import { markdownReport, verdict } from './report';

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, got ${raw}`);
  return value;
};

let cluster: PrivateCluster | undefined;
let adminUrl = process.env.DATABASE_URL;
if (!adminUrl && process.env.LOAD_DB !== 'pglite') {
  cluster = startPrivateCluster(process.env.PG_CLUSTER_DIR ?? '/tmp/rf-load-pg', num('PG_PORT', 55433));
  adminUrl = cluster.adminUrl;
}
const serverEnv: Record<string, string> = {};
if (process.env.DATABASE_POOL_SIZE) serverEnv.DATABASE_POOL_SIZE = process.env.DATABASE_POOL_SIZE;
if (process.env.SERVER_LOG_LEVEL) serverEnv.LOG_LEVEL = process.env.SERVER_LOG_LEVEL;

try {
  const result = await runLoad({
    adminUrl,
    vus: num('VUS', 200),
    accounts: num('ACCOUNTS', 10),
    durationS: num('DURATION_S', 60),
    thinkMs: [num('THINK_MIN_MS', 1000), num('THINK_MAX_MS', 3000)],
    history: { sessions: num('HISTORY_SESSIONS', 2000), days: 90, stepsPerSession: 5, escalatedShare: 0.4 },
    serverEnv,
    progress: (line) => console.error(`[load] ${line}`),
  });
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const out =
    process.env.OUT ??
    join(import.meta.dirname, 'results', `load-${result.startedAt.replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ machine, ...result }, null, 2) + '\n');
  console.log(markdownReport(result));
  console.log('');
  for (const line of verdict(result)) console.log(`- ${line}`);
  if (result.serverErrorLogLines.length)
    console.log(
      `\nServer error log lines (first ${result.serverErrorLogLines.length}):\n${result.serverErrorLogLines.join('\n')}`,
    );
  console.log(`\nJSON: ${out}`);
} finally {
  cluster?.stop();
}
