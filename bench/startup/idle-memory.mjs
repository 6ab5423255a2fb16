// Idle memory of the compiled server, started the way production runs it (the `npm start` command's
// plain `node …`, no npm parent): resident memory 10 s after /readyz first answers, and how the
// process's own report splits it (V8 heap, and `external`, where the embedded database's WebAssembly
// memory is counted). Embedded database: a warm restart of a demo-seeded data folder; PostgreSQL:
// an empty throw-away database in DATABASE_URL's cluster, no demo.
// Usage: node bench/startup/idle-memory.mjs [runs]    (add DATABASE_URL=postgres://… for PostgreSQL)
// Needs a built server (`npm run build:server`).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const runs = Number(process.argv[2] ?? 3);
const adminUrl = process.env.DATABASE_URL;
const startCommand = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start.split(' ');
const IDLE_MS = 10_000;

const work = mkdtempSync(join(tmpdir(), 'rf-idle-'));
// Loaded into the server with --require: prints the process's own memory report when asked.
const reporter = join(work, 'report-memory.cjs');
writeFileSync(
  reporter,
  `process.on('SIGUSR2', () => { const m = process.memoryUsage(); process.stderr.write('MEMORY ' + JSON.stringify(m) + '\\n'); });`,
);

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function measure(env) {
  const port = await freePort();
  const [node, ...args] = startCommand;
  const child = spawn(node, args, {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: `--require ${reporter}`,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
  child.kill('SIGUSR2');
  for (let i = 0; i < 100 && !stderr.includes('MEMORY '); i++) await new Promise((r) => setTimeout(r, 20));
  const report = JSON.parse(/MEMORY (.*)/.exec(stderr)?.[1] ?? '{}');
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const mb = (b) => (b ?? NaN) / 1048576;
  return { rss, heap: mb(report.heapTotal), external: mb(report.external) };
}

async function throwawayDatabase() {
  const name = `rf_idle_${Math.random().toString(16).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const results = [];
for (let i = 0; i < runs; i++) {
  if (adminUrl) {
    const db = await throwawayDatabase();
    results.push(await measure({ DATABASE_URL: db.url, SEED_DEMO: 'off' }));
    await db.drop();
  } else {
    const dataDir = join(work, `data-${i}`);
    await measure({ DATABASE_URL: '', DATA_DIR: dataDir }); // first start: creates and seeds
    results.push(await measure({ DATABASE_URL: '', DATA_DIR: dataDir }));
  }
}
rmSync(work, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (key) =>
  `${key} ${results.map((r) => r[key].toFixed(0)).join(' / ')} MiB (median ${median(results.map((r) => r[key])).toFixed(0)})`;
console.log(
  `${adminUrl ? 'PostgreSQL' : 'embedded PGlite (warm restart)'}: \`${startCommand.join(' ')}\`, ${IDLE_MS / 1000} s idle after ready`,
);
console.log(`  ${line('rss')}; ${line('heap')} V8 heap; ${line('external')} external`);
