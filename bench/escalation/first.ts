// Is the first escalation after a start as fast as the tenth? Starts the compiled server, signs a
// tech in, escalates ten sessions one after another (a short pause between them, so each one is
// timed alone) and stops the server; several starts. Prints each position's time over the starts.
// Usage: npx tsx bench/escalation/first.ts [starts]                    (embedded PGlite)
//        DATABASE_URL=postgres://… npx tsx bench/escalation/first.ts [starts]
//        PAUSE_MS=… sets the pause between escalations (100 ms by default)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinEngine } from '../../server/ai';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import type { Database } from '../../server/db/types';
import { createAccount } from '../../server/modules/accounts/accounts.service';
import { createSession } from '../../server/modules/sessions/sessions.service';
import { freePort, startServerProcess } from '../../tests/helpers/server-process';
import { createThrowawayDatabase } from '../lib/throwaway-database';
import { actorOf } from '../lib/population';

const STARTS = Number(process.argv[2] ?? 5);
const PER_START = 10;
// PAUSE_MS=11000 spaces them out as a quiet helpdesk does, past the pool's idle timeout.
const PAUSE_MS = Number(process.env.PAUSE_MS ?? 100);
const PASSWORD = 'bench-password-1';
const adminUrl = process.env.DATABASE_URL;

/** One account, a tech with a session per escalation to come, five seniors to notify. */
async function prepare(db: Database) {
  await migrate(db);
  const tag = randomBytes(3).toString('hex');
  const created = await createAccount(db, {
    name: 'First escalation',
    users: [
      ...[0, 1, 2, 3, 4].map((i) => ({
        email: `senior${i}-${tag}@bench.test`,
        name: `Senior ${i}`,
        role: 'engineer' as const,
        password: PASSWORD,
      })),
      { email: `tech-${tag}@bench.test`, name: 'Tech', role: 'tech' as const, password: PASSWORD },
    ],
  });
  const tech = created.users.find((u) => u.role === 'tech')!;
  const actor = actorOf(created, tech);
  const sessions: string[] = [];
  for (let i = 0; i < STARTS * PER_START; i++) {
    const view = await createSession(
      { db, actor, now: new Date() },
      { assistant: builtinEngine() },
      { problem: 'VPN error 809 when connecting from home' },
    );
    sessions.push(view.session.id);
  }
  return { techEmail: tech.email, sessions };
}

let env: Record<string, string> = { SEED_DEMO: 'off', LOG_LEVEL: 'warn' };
let dataDir: string | undefined;
let drop: () => Promise<void>;
let population: Awaited<ReturnType<typeof prepare>>;
if (adminUrl) {
  const throwaway = await createThrowawayDatabase(adminUrl, 'rf_first');
  const db = await openPostgres(throwaway.url, 2);
  population = await prepare(db);
  await db.close();
  env = { ...env, DATABASE_URL: throwaway.url };
  drop = throwaway.drop;
} else {
  dataDir = mkdtempSync(join(tmpdir(), 'rf-bench-first-'));
  const db = await openPglite(join(dataDir, 'pglite'));
  population = await prepare(db);
  await db.close();
  drop = async () => rmSync(dataDir!, { recursive: true, force: true });
}

const byPosition: number[][] = Array.from({ length: PER_START }, () => []);
try {
  for (let start = 0; start < STARTS; start++) {
    const server = await startServerProcess(env, dataDir ? { port: await freePort(), dataDir } : undefined);
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: population.techEmail, password: PASSWORD }),
      });
      const { csrf_token } = (await login.json()) as { csrf_token: string };
      const headers = {
        cookie: login.headers.get('set-cookie')!.split(';')[0]!,
        'x-csrf-token': csrf_token,
        'content-type': 'application/json',
      };
      for (let i = 0; i < PER_START; i++) {
        const sessionId = population.sessions.pop()!;
        const sent = performance.now();
        const res = await fetch(`${server.url}/api/v1/sessions/${sessionId}/handoffs`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ intent: 'escalate', engineer_notes: 'bench' }),
        });
        await res.arrayBuffer();
        if (res.status !== 201 && res.status !== 200) throw new Error(`escalate answered ${res.status}`);
        byPosition[i]!.push(performance.now() - sent);
        await new Promise((r) => setTimeout(r, PAUSE_MS));
      }
    } finally {
      // The embedded folder is kept for the next start; the throw-away database is dropped at the end.
      await server.stop({ keepData: dataDir !== undefined });
    }
  }
} finally {
  await drop();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `${adminUrl ? 'PostgreSQL' : 'embedded PGlite'}; ${STARTS} starts, ${PER_START} escalations after each, ${PAUSE_MS} ms apart, ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; escalate request sent → answer, ms`,
);
console.log('| escalation after the start | median | min | max |');
console.log('| --- | --- | --- | --- |');
byPosition.forEach((xs, i) =>
  console.log(
    `| ${i + 1} | ${median(xs).toFixed(1)} | ${Math.min(...xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`,
  ),
);
