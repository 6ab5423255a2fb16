// Escalate and claim latency and throughput over real HTTP at 1, 10 and 50 concurrent clients,
// against the real server in a child process, with 5 senior recipients per account.
// Usage: npx tsx bench/escalation/run.ts            (embedded PGlite in a fresh data folder)
//        DATABASE_URL=postgres://… npx tsx bench/escalation/run.ts   (a fresh database in that cluster)
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { builtinEngine } from '../../server/ai';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import type { Database } from '../../server/db/types';
import { createAccount } from '../../server/modules/accounts/accounts.service';
import { createSession } from '../../server/modules/sessions/sessions.service';
import { freePort, startServerProcess } from '../../tests/helpers/server-process';
import { childrenCpuSeconds, cpuSeconds, parentPid } from '../lib/process-stats';
import { actorOf } from '../lib/population';

const LEVELS = process.env.LEVELS ? process.env.LEVELS.split(',').map(Number) : [1, 10, 50];
const OPS: Record<number, number> = { 1: 100, 10: 400, 50: 1000 };
const ACCOUNTS = 10;
const PASSWORD = 'bench-password-1';
const problems = [
  'Outlook says trying to connect since this morning, webmail works fine',
  'VPN error 809 when connecting from home',
  'Print spooler keeps stopping on the accounting PC',
  'Laptop gets a 169.254 address on the office network',
  'User gets AADSTS50076 prompts in a loop',
];

type User = { email: string; id: string };
type Account = { seniors: User[]; techs: User[]; sessions: Map<string, string[]> };

async function prepare(db: Database): Promise<Account[]> {
  await migrate(db);
  const accounts: Account[] = [];
  const total = Object.values(OPS).reduce((a, b) => a + b, 0);
  const perAccount = Math.ceil(total / ACCOUNTS) + 5;
  for (let a = 0; a < ACCOUNTS; a++) {
    const tag = randomBytes(3).toString('hex');
    const users = [
      ...Array.from({ length: 5 }, (_, i) => ({
        email: `senior${i}-${tag}@bench.test`,
        name: `Senior ${i}`,
        role: 'engineer' as const,
        password: PASSWORD,
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        email: `tech${i}-${tag}@bench.test`,
        name: `Tech ${i}`,
        role: 'tech' as const,
        password: PASSWORD,
      })),
    ];
    const created = await createAccount(db, { name: `Bench ${a}`, users });
    const seniors = created.users.filter((u) => u.role === 'engineer');
    const techs = created.users.filter((u) => u.role === 'tech');
    const sessions = new Map<string, string[]>();
    for (let i = 0; i < perAccount; i++) {
      const tech = techs[i % techs.length]!;
      const ctx = {
        db,
        actor: actorOf(created, tech),
        now: new Date(),
      };
      const view = await createSession(
        ctx,
        { assistant: builtinEngine() },
        { problem: problems[i % problems.length]! },
      );
      sessions.set(tech.email, [...(sessions.get(tech.email) ?? []), view.session.id]);
    }
    accounts.push({ seniors, techs, sessions });
  }
  return accounts;
}

async function login(url: string, email: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  const body = (await res.json()) as { csrf_token: string };
  return {
    cookie: res.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': body.csrf_token,
    'content-type': 'application/json',
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** Runs `jobs` with `concurrency` workers; returns per-request latencies and the wall time. */
async function run<T>(jobs: T[], concurrency: number, fn: (job: T) => Promise<number>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        const t = performance.now();
        const status = await fn(job);
        if (status >= 300) throw new Error(`HTTP ${status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

const url = process.env.DATABASE_URL;
let env: Record<string, string> = { SEED_DEMO: 'off', LOG_LEVEL: 'warn' };
let cleanup = async () => {};
let dataDir: string | undefined;
let accounts: Account[];
/** Reads the benchmark's database directly (PostgreSQL only): background backlog and CPU accounting. */
let probe: pg.Client | undefined;
if (url) {
  const name = `rf_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString(), 5);
  accounts = await prepare(db);
  await db.close();
  env = { ...env, DATABASE_URL: u.toString(), DATABASE_POOL_SIZE: '20' };
  probe = new pg.Client({ connectionString: u.toString() });
  await probe.connect();
  cleanup = async () => {
    await probe!.end();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  };
} else {
  dataDir = mkdtempSync(join(tmpdir(), 'rf-bench-esc-'));
  const db = await openPglite(join(dataDir, 'pglite'));
  accounts = await prepare(db);
  await db.close();
}
/** CPU milliseconds used so far by the server process and by the PostgreSQL backends (PostgreSQL only). */
async function cpuNow() {
  if (!probe) return undefined;
  const { rows } = await probe.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return {
    server: cpuSeconds(server.child.pid!) * 1000,
    pg: childrenCpuSeconds(parentPid(rows[0]!.pid)) * 1000,
  };
}

/** Waits until the assessments and deliveries the escalations caused are done (at most 2 minutes). */
async function backgroundDone() {
  if (!probe) return;
  for (let waited = 0; waited < 120_000; waited += 200) {
    const { rows } = await probe.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM handoffs WHERE assessment_status = 'pending') + (SELECT count(*) FROM deliveries WHERE status = 'pending') AS n`,
    );
    if (Number(rows[0]!.n) === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const server = await startServerProcess(env, dataDir ? { port: await freePort(), dataDir } : undefined);
try {
  const auth = new Map<string, Record<string, string>>();
  for (const a of accounts)
    for (const u of [...a.seniors, ...a.techs]) auth.set(u.email, await login(server.url, u.email));
  console.log(
    `${url ? 'PostgreSQL 15' : 'PGlite (embedded)'} — ${ACCOUNTS} accounts, 5 senior recipients each; server in a child process`,
  );
  for (const level of LEVELS) {
    // Escalations: each job is (tech, session); seniors of the same account then claim them.
    const escalations: { email: string; sessionId: string; account: Account }[] = [];
    for (let i = 0; escalations.length < OPS[level]!; i++) {
      const account = accounts[i % ACCOUNTS]!;
      const tech = account.techs[Math.floor(i / ACCOUNTS) % account.techs.length]!;
      const sessionId = account.sessions.get(tech.email)!.shift();
      if (sessionId) escalations.push({ email: tech.email, sessionId, account });
    }
    const handoffIds: { id: string; account: Account }[] = [];
    const cpuBefore = await cpuNow();
    const esc = await run(escalations, level, async (job) => {
      const res = await fetch(`${server.url}/api/v1/sessions/${job.sessionId}/handoffs`, {
        method: 'POST',
        headers: auth.get(job.email)!,
        body: JSON.stringify({ intent: 'escalate', engineer_notes: 'bench' }),
      });
      const body = (await res.json()) as { handoff: { id: string } };
      if (res.ok) handoffIds.push({ id: body.handoff.id, account: job.account });
      return res.status;
    });
    const cpuDuring = await cpuNow();
    const drainStarted = performance.now();
    await backgroundDone();
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const cpuAfter = await cpuNow();
    const claims = await run(handoffIds, level, async (job) => {
      const senior = job.account.seniors[Math.floor(Math.random() * 5)]!;
      const res = await fetch(`${server.url}/api/v1/handoffs/${job.id}/claim`, {
        method: 'POST',
        headers: auth.get(senior.email)!,
      });
      await res.arrayBuffer();
      return res.status;
    });
    const line = (name: string, r: { latencies: number[]; seconds: number }) =>
      `  ${String(level).padStart(2)} concurrent  ${name.padEnd(8)} n=${String(r.latencies.length).padStart(4)}  p50 ${pct(r.latencies, 50).toFixed(1).padStart(6)} ms  p99 ${pct(r.latencies, 99).toFixed(1).padStart(6)} ms  ${(r.latencies.length / r.seconds).toFixed(0).padStart(5)} req/s`;
    console.log(line('escalate', esc));
    console.log(line('claim', claims));
    if (cpuBefore && cpuDuring && cpuAfter) {
      const per = (a: number, b: number) => ((b - a) / esc.latencies.length).toFixed(1);
      console.log(
        `  ${String(level).padStart(2)} concurrent  CPU per escalation: server ${per(cpuBefore.server, cpuDuring.server)} ms + ${per(cpuDuring.server, cpuAfter.server)} ms background after the burst,` +
          ` PostgreSQL ${per(cpuBefore.pg, cpuDuring.pg)} + ${per(cpuDuring.pg, cpuAfter.pg)} ms;` +
          ` assessments and emails all done ${drainSeconds.toFixed(1)} s after the last escalate answer`,
      );
    }
  }
} finally {
  await server.stop();
  await cleanup();
}
