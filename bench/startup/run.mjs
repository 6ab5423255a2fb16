// Startup benchmark: `npm start` on a fresh embedded data folder (cold: initdb, migrations, demo
// seed) and again on the same folder (warm restart). Measures time until /readyz answers 200 and the
// server's resident memory at that moment. Usage: node bench/startup/run.mjs [runs]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 3);

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startOnce(dataDir) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: 'ignore',
    detached: true,
  });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const readyMs = performance.now() - started;
  // The lock file in the data folder holds the server's PID (npm and its shell are parents).
  const pid = Number(readFileSync(join(dataDir, 'resolutionflow.lock'), 'utf8'));
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  process.kill(-child.pid, 'SIGTERM');
  await new Promise((r) => child.once('exit', r));
  // Wait for the server itself to release the folder.
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
      await new Promise((r) => setTimeout(r, 25));
    } catch {
      break;
    }
  }
  return { readyMs, rssMb: rssKb / 1024 };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

const cold = [];
const warm = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'rf-bench-start-'));
  cold.push(await startOnce(dir));
  warm.push(await startOnce(dir));
  warm.push(await startOnce(dir));
  rmSync(dir, { recursive: true, force: true });
}
const fmt = (label, xs) => {
  const t = stats(xs.map((x) => x.readyMs));
  const m = stats(xs.map((x) => x.rssMb));
  console.log(
    `${label.padEnd(6)} n=${xs.length}  ready ms min ${t.min.toFixed(0)} / median ${t.median.toFixed(0)} / max ${t.max.toFixed(0)}` +
      `  RSS MB min ${m.min.toFixed(0)} / median ${m.median.toFixed(0)} / max ${m.max.toFixed(0)}`,
  );
};
fmt('cold', cold);
fmt('warm', warm);
