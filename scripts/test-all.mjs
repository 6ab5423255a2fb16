// The whole test suite, as the README's test command runs it:
//   0. static checks: type check, lint and format check (each counts as one test);
//   1. unit, integration, fault and web tests, the database ones on the embedded database (PGlite);
//   2. the integration and fault tests again on PostgreSQL 15 (DATABASE_URL, or a throw-away cluster);
//   3. browser tests in Debian's Chromium.
// Prints one final line "N passed, N failed" over every suite and exits non-zero if anything failed.
// SKIP_CHECKS=1, SKIP_POSTGRES=1 or SKIP_BROWSER=1 leave a part out, and say so.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = [];
mkdirSync('.tmp', { recursive: true });

function vitest(label, args, env = {}) {
  const out = `.tmp/results-${label}.json`;
  rmSync(out, { force: true });
  console.log(`\n=== ${label} ===`);
  const run = spawnSync(
    'npx',
    ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  let passed = 0;
  let failed = 0;
  if (existsSync(out)) {
    const json = JSON.parse(readFileSync(out, 'utf8'));
    passed = json.numPassedTests;
    // A file that failed to load has no failed tests of its own: count it once.
    const brokenFiles = json.testResults.filter(
      (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
    ).length;
    failed = json.numFailedTests + brokenFiles;
  }
  // A crashed run that reported nothing still counts as a failure.
  if (run.status !== 0 && failed === 0) failed = 1;
  results.push({ label, passed, failed });
}

function commandExists(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/**
 * The static checks, two at a time (each is single-threaded; the machine has two cores). Each counts
 * as one passed or failed test; its output is printed in one piece when it ends.
 */
async function runChecks(checks) {
  const counts = { label: 'checks', passed: 0, failed: 0 };
  results.push(counts);
  const queue = [...checks];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [label, args] = next;
      const run = await new Promise((resolve) => {
        const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('close', (status) => resolve({ status, output }));
      });
      console.log(`\n=== ${label}: ${run.status === 0 ? 'passed' : 'FAILED'} ===\n${run.output}`);
      if (run.status === 0) counts.passed++;
      else counts.failed++;
    }
  };
  await Promise.all([worker(), worker()]);
}

/**
 * The throw-away PostgreSQL cluster of step 2 (unless DATABASE_URL names one), started in the
 * background now: creating and starting it takes a few seconds that the earlier steps hide.
 */
function startPostgresEarly() {
  if (process.env.SKIP_POSTGRES === '1' || process.env.DATABASE_URL) return undefined;
  if (!commandExists('initdb') && !existsSync('/usr/lib/postgresql/15/bin/initdb')) return undefined;
  return new Promise((resolve) => {
    const child = spawn('scripts/pg-cluster.sh', ['start'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (status) => resolve(status === 0 ? out.trim() : undefined));
  });
}
const earlyPostgres = startPostgresEarly();
// Stopped after its suite; also when the run ends before that (a failed build, Ctrl-C).
let clusterRunning = false;
earlyPostgres?.then((url) => (clusterRunning = Boolean(url)));
process.on('exit', () => {
  if (clusterRunning) spawnSync('scripts/pg-cluster.sh', ['stop']);
});
process.on('SIGINT', () => process.exit(130));

if (process.env.SKIP_CHECKS === '1') {
  console.log('SKIP_CHECKS=1: type check, lint and format check skipped');
} else {
  // Each side with its own libraries: the server has no DOM types, the web no Node types.
  await runChecks([
    ...['server', 'web', 'tests'].map((side) => [
      `type check (${side})`,
      ['tsc', '--noEmit', '-p', `tsconfig.${side}.json`],
    ]),
    ['lint', ['eslint', '.']],
    ['format check', ['prettier', '--check', '.', '--log-level', 'warn']],
  ]);
}

execFileSync('node', ['scripts/ensure-web-build.mjs'], { stdio: 'inherit' });

vitest(
  'pglite',
  ['--project', 'unit', '--project', 'integration', '--project', 'faults', '--project', 'web'],
  // The demo seeded once for the pass; fresh servers start on copies of it (tests/helpers/db-template.setup.ts,
  // seeded-demo-folder.setup.ts).
  { DATABASE_URL: '', SHARED_DEMO_SEED: '1' },
);

if (process.env.SKIP_POSTGRES === '1') {
  console.log('\nSKIP_POSTGRES=1: PostgreSQL suite skipped');
} else {
  let url = process.env.DATABASE_URL || (await earlyPostgres);
  let started = Boolean(url && !process.env.DATABASE_URL);
  if (!url) {
    if (!commandExists('initdb') && !existsSync('/usr/lib/postgresql/15/bin/initdb')) {
      console.error(
        '\nPostgreSQL 15 is needed for the second run: install it (apt-get install postgresql-15) or set DATABASE_URL.',
      );
      results.push({ label: 'postgres', passed: 0, failed: 1 });
    } else {
      url = execFileSync('scripts/pg-cluster.sh', ['start'], { encoding: 'utf8' }).trim();
      started = true;
    }
  }
  if (url) {
    try {
      vitest('postgres', ['--project', 'integration', '--project', 'faults'], {
        DATABASE_URL: url,
        SHARED_DEMO_SEED: '1',
      });
    } finally {
      if (started) execFileSync('scripts/pg-cluster.sh', ['stop']);
      clusterRunning = false;
    }
  }
}

if (process.env.SKIP_BROWSER === '1') {
  console.log('\nSKIP_BROWSER=1: browser suite skipped');
} else if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  console.error(
    '\nChromium is needed for the browser tests: apt-get install -y chromium (or set CHROMIUM_PATH).',
  );
  results.push({ label: 'browser', passed: 0, failed: 1 });
} else {
  vitest('browser', ['--project', 'browser'], { DATABASE_URL: '' });
}

console.log('\nSuites:');
for (const r of results) console.log(`  ${r.label.padEnd(10)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
