// Knowledge imports at the sizes of the issue, through the product's own paths over HTTP:
//   1. 1,000 Markdown files in one upload (POST /knowledge/import, then the background runner);
//   2. the PSA history of 10,000 closed tickets from a local ConnectWise stand-in, run by the
//      history-import worker.
// Each part gets a fresh database and a fresh server: the real server/main.ts in a child process,
// so the RSS measured is the server's alone (not this client's, nor the stand-in's) and the workers
// are composed exactly as in production. On the embedded database (PGlite) that RSS includes the
// database; on PostgreSQL the database is separate processes, whose CPU is reported apart.
// Usage: npx tsx bench/knowledge-eval/import.ts   (DATABASE_URL=postgres://… for PostgreSQL;
//        MARKDOWN_FILES, PSA_TICKETS change the sizes; PARTS=markdown or PARTS=psa runs one part;
//        PSA_LATENCY_MS delays every answer of the stand-in, as a distant ConnectWise would)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import type { Database } from '../../server/db/types';
import { createAccount } from '../../server/modules/accounts/accounts.service';
import { startFakeConnectWise } from '../../tests/helpers/fake-connectwise';
import { multipartText } from '../../tests/helpers/knowledge-files';
import { freePort, startServerProcess, type ServerProcess } from '../../tests/helpers/server-process';
import { PostgresMonitor, type PostgresReport } from '../lib/postgres-monitor';
import { cpuSeconds, RssSampler, rssMb } from '../lib/process-stats';
import { summarize } from '../lib/stats';
import { createThrowawayDatabase } from '../lib/throwaway-database';
import { closedTicket, markdownKbFile } from './import-corpus';
import { psaPageProfile } from './import-profile';

const MARKDOWN_FILES = Number(process.env.MARKDOWN_FILES ?? 1_000);
const PSA_TICKETS = Number(process.env.PSA_TICKETS ?? 10_000);
const PARTS = (process.env.PARTS ?? 'markdown,psa').split(',');
const PSA_LATENCY_MS = Number(process.env.PSA_LATENCY_MS ?? 0);
const ADMIN_URL = process.env.DATABASE_URL;
/** The web app polls a running import this often (IMPORT_POLL_MS); the benchmark does the same. */
const POLL_MS = 500;
const GIVE_UP_MS = 30 * 60_000;
const PASSWORD = 'bench-password-1';
const CREDS = {
  companyId: 'benchmsp',
  publicKey: 'BenchPub1234abcd',
  privateKey: 'BenchPriv9876wxyz',
  clientId: 'bench-client-0001',
};
const FIRST_TICKET = 100_001;

type Server = { url: string; pid: number; dbName?: string; stop: () => Promise<void>; proc: ServerProcess };
type Auth = Record<string, string>;

const fmt = (n: number) => n.toLocaleString('en');
const mb = (n: number) => `${n.toFixed(0)} MB`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

async function seedAccount(db: Database, email: string) {
  await migrate(db);
  await createAccount(db, {
    name: 'Import bench MSP',
    users: [{ email, name: 'Bench Admin', role: 'admin', password: PASSWORD }],
  });
}

/** A fresh database with one account and its admin, then the real server on it. */
async function startServer(email: string): Promise<Server> {
  const env = { ALLOW_PRIVATE_WEBHOOKS: 'true' };
  if (ADMIN_URL) {
    const t = await createThrowawayDatabase(ADMIN_URL, 'rf_import');
    const db = await openPostgres(t.url, 2);
    await seedAccount(db, email).finally(() => db.close());
    const proc = await startServerProcess({ ...env, DATABASE_URL: t.url }).catch(async (err: unknown) => {
      await t.drop();
      throw err;
    });
    const stop = async () => (await proc.stop(), await t.drop());
    return { url: proc.url, pid: proc.child.pid!, dbName: new URL(t.url).pathname.slice(1), stop, proc };
  }
  // PGlite takes one process per folder: the account is written before the server opens it.
  const dataDir = mkdtempSync(join(tmpdir(), 'rf-bench-import-'));
  const db = await openPglite(join(dataDir, 'pglite'));
  await seedAccount(db, email).finally(() => db.close());
  const proc = await startServerProcess(env, { port: await freePort(), dataDir }).catch((err: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  return { url: proc.url, pid: proc.child.pid!, stop: () => proc.stop(), proc };
}

/** Signs in as a browser does: the session cookie and the CSRF token for mutations. */
async function login(url: string, email: string): Promise<Auth> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('rf_session='));
  const { csrf_token } = (await res.json()) as { csrf_token: string };
  return { cookie: cookie!, 'x-csrf-token': csrf_token };
}

async function api<T = unknown>(
  url: string,
  auth: Auth,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

type ImportView = {
  status: string;
  total: number;
  done: number;
  imported: number;
  skipped: number;
  failed: { file: string; reason: string }[];
  error: string | null;
  finished_at: string | null;
};

/** Polls an import until it ends; returns it with the progress seen on the way (ms since `sent`). */
async function waitForImport(url: string, auth: Auth, path: string, sent: number) {
  const seen: { ms: number; done: number }[] = [];
  for (;;) {
    const { import: row } = await api<{ import: ImportView }>(url, auth, 'GET', path);
    seen.push({ ms: Date.now() - sent, done: row.done });
    if (row.status === 'done' || row.status === 'failed') return { row, seen };
    if (Date.now() - sent > GIVE_UP_MS) throw new Error(`gave up waiting: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Server RSS every 100 ms, server CPU, this process's CPU, and the database backends' CPU. */
async function watch(server: Server) {
  const idleRss = rssMb(server.pid);
  const rss = new RssSampler(server.pid, 100);
  const serverCpu = cpuSeconds(server.pid);
  const ownCpu = process.cpuUsage();
  const pg = ADMIN_URL && server.dbName ? await PostgresMonitor.start(ADMIN_URL, server.dbName) : undefined;
  const loadBefore = load();
  return async () => {
    const r = rss.stop();
    const own = process.cpuUsage(ownCpu);
    // The kernel's own peak since the server started (startup included), between our samples too.
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]) / 1024;
    const pgReport: PostgresReport | undefined = await pg?.stop();
    return {
      idleRss,
      rss: r,
      hwm,
      serverCpu: cpuSeconds(server.pid) - serverCpu,
      ownCpu: (own.user + own.system) / 1e6,
      pgCpu: pgReport?.cpuSeconds,
      loadBefore,
      loadAfter: load(),
    };
  };
}

function printResources(
  w: Awaited<ReturnType<Awaited<ReturnType<typeof watch>>>>,
  seconds: number,
  rssTarget?: number,
) {
  console.log(
    `  server RSS: ${mb(w.idleRss)} idle before, peak ${mb(w.rss.peak)} (sampled every 100 ms; kernel high-water mark ${mb(w.hwm)}), ${mb(w.rss.end)} at the end` +
      (rssTarget ? `  [target ≤ ${rssTarget} MB: ${w.rss.peak <= rssTarget ? 'met' : 'MISSED'}]` : ''),
  );
  console.log(
    `  CPU: server ${w.serverCpu.toFixed(1)} s (${((100 * w.serverCpu) / seconds).toFixed(0)} % of one core)` +
      (w.pgCpu !== undefined ? `, PostgreSQL backends ${w.pgCpu.toFixed(1)} s` : '') +
      `, this client and the stand-in ${w.ownCpu.toFixed(1)} s`,
  );
  console.log(`  load average (1/5/15 min): ${w.loadBefore} before, ${w.loadAfter} after`);
}

function printServerWarnings(server: Server) {
  const lines = server.proc
    .output()
    .split('\n')
    .filter((l) => /"level":"(warn|error)"/.test(l))
    // Said at every start without SMTP_URL; nothing to do with the import.
    .filter((l) => !l.includes('SMTP_URL is not set'));
  if (lines.length === 0) return;
  console.log(`  server logged ${lines.length} warnings/errors, first: ${lines[0]!.slice(0, 300)}`);
}

async function markdownPart() {
  const email = `import-md-${Date.now()}@bench.test`;
  const server = await startServer(email);
  try {
    const auth = await login(server.url, email);
    const files = Array.from({ length: MARKDOWN_FILES }, (_, i) => markdownKbFile(i));
    const { raw, headers } = multipartText(files.map((f) => ({ name: f.name, text: f.text })));
    const stop = await watch(server);
    const sent = Date.now();
    const res = await fetch(`${server.url}/api/v1/knowledge/import`, {
      method: 'POST',
      headers: { ...auth, ...headers },
      body: raw,
    });
    const acceptedMs = Date.now() - sent;
    if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
    const { import: started } = (await res.json()) as { import: { id: string } };
    const { row, seen } = await waitForImport(server.url, auth, `/knowledge/imports/${started.id}`, sent);
    const w = await stop();
    const seconds = (Date.parse(row.finished_at!) - sent) / 1000;
    const articles = await api<{ total: number }>(
      server.url,
      auth,
      'GET',
      '/knowledge/articles?kind=article&limit=1',
    );
    const firstProgress = seen.find((s) => s.done > 0)?.ms;
    console.log(
      `\nMarkdown import: ${fmt(MARKDOWN_FILES)} files, ${(Buffer.byteLength(raw) / 1024 / 1024).toFixed(2)} MB in one multipart request`,
    );
    console.log(
      `  request sent → status ${row.status}: ${seconds.toFixed(1)} s  [target ≤ 30 s: ${seconds <= 30 ? 'met' : 'MISSED'}]` +
        (row.error ? `  error: ${row.error}` : ''),
    );
    console.log(
      `    of which request sent → 202 accepted ${(acceptedMs / 1000).toFixed(2)} s; first poll showing progress at ${firstProgress !== undefined ? `${(firstProgress / 1000).toFixed(1)} s` : '—'}; ${(MARKDOWN_FILES / seconds).toFixed(0)} files/s overall`,
    );
    console.log(
      `  imported ${fmt(row.imported)}, skipped ${fmt(row.skipped)}, failed ${fmt(row.failed.length)} (total ${fmt(row.total)}); articles in the account: ${fmt(articles.total)}`,
    );
    for (const f of row.failed.slice(0, 3)) console.log(`    failed: ${f.file}: ${f.reason}`);
    printResources(w, seconds);
    printServerWarnings(server);
  } finally {
    await server.stop();
  }
}

async function psaPart() {
  const email = `import-psa-${Date.now()}@bench.test`;
  const [server, cw] = await Promise.all([startServer(email), startFakeConnectWise(CREDS)]);
  try {
    for (let i = 0; i < PSA_TICKETS; i++) cw.addClosedTicket(closedTicket(FIRST_TICKET + i));
    const notes = [...cw.tickets.values()].reduce((n, t) => n + t.notes.length, 0);
    if (PSA_LATENCY_MS > 0) cw.slowDown(/./, PSA_LATENCY_MS);
    const auth = await login(server.url, email);
    await api(server.url, auth, 'PUT', '/psa/connection', {
      site_url: cw.siteUrl,
      company_id: CREDS.companyId,
      public_key: CREDS.publicKey,
      private_key: CREDS.privateKey,
      client_id: CREDS.clientId,
    });
    const stop = await watch(server);
    const sent = Date.now();
    const { import: started } = await api<{ import: { id: string } }>(
      server.url,
      auth,
      'POST',
      '/psa/history-import',
      {},
    );
    const { row } = await waitForImport(server.url, auth, `/psa/history-import/${started.id}`, sent);
    const w = await stop();
    const seconds = (Date.parse(row.finished_at!) - sent) / 1000;
    const articles = await api<{ total: number }>(
      server.url,
      auth,
      'GET',
      '/knowledge/articles?kind=psa_ticket&limit=1',
    );
    const profile = psaPageProfile(
      cw.requests.filter((r) => r.at >= sent),
      sent,
    );
    console.log(
      `\nPSA history import: ${fmt(PSA_TICKETS)} closed tickets with ${fmt(notes)} notes (description included) from a ConnectWise stand-in on 127.0.0.1` +
        (PSA_LATENCY_MS ? `, answering after ${PSA_LATENCY_MS} ms` : ''),
    );
    console.log(
      `  request sent → status ${row.status}: ${seconds.toFixed(1)} s  [target ≤ 120 s: ${seconds <= 120 ? 'met' : 'MISSED'}]` +
        (row.error ? `  error: ${row.error}` : ''),
    );
    console.log(
      `  imported ${fmt(row.imported)}, skipped ${fmt(row.skipped)}, failed ${fmt(row.failed.length)} (total ${fmt(row.total)}, done ${fmt(row.done)}); PSA-ticket articles in the account: ${fmt(articles.total)}`,
    );
    for (const f of row.failed.slice(0, 3)) console.log(`    failed: ${f.file}: ${f.reason}`);
    console.log(
      `  PSA calls: ${profile.counts} count, ${profile.pages.length} list pages of ${profile.pageSize} tickets, ${fmt(profile.notesCalls)} notes calls`,
    );
    printProfile(profile);
    printResources(w, seconds, 500);
    printServerWarnings(server);
  } finally {
    await Promise.all([server.stop(), cw.close()]);
  }
}

function printProfile(p: ReturnType<typeof psaPageProfile>) {
  const full = p.pages.filter((x) => x.notes > 0);
  if (full.length === 0) return;
  const line = (label: string, xs: number[]) => {
    const s = summarize(xs);
    const total = xs.reduce((a, b) => a + b, 0) / 1000;
    return `    ${label.padEnd(34)} p50 ${s.p50.toFixed(0)} ms  p90 ${s.p90.toFixed(0)} ms  max ${s.max.toFixed(0)} ms  total ${total.toFixed(1)} s`;
  };
  console.log(`  per page (${full.length} pages with tickets; times from the stand-in's request log):`);
  console.log(`    start (claim, count, first list)   ${(p.startMs / 1000).toFixed(2)} s`);
  console.log(
    line(
      'whole page',
      full.map((x) => x.totalMs),
    ),
  );
  console.log(
    line(
      'list answer + known-ticket check',
      full.map((x) => x.listMs),
    ),
  );
  console.log(
    line(
      'notes calls (4 at a time)',
      full.map((x) => x.notesMs),
    ),
  );
  console.log(
    line(
      'save page + commit',
      full.map((x) => x.commitMs),
    ),
  );
}

console.log('Knowledge import benchmark');
console.log(
  `  machine: ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}`,
);
if (ADMIN_URL) {
  const probe = await openPostgres(ADMIN_URL, 1);
  const { rows } = await probe.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  await probe.close();
  console.log(`  database: PostgreSQL ${rows[0]!.v} (a throwaway database per part, dropped after)`);
} else {
  const pglite = JSON.parse(readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')).version;
  console.log(`  database: PGlite ${pglite}, embedded in the server process (a fresh data folder per part)`);
}
console.log('  server: server/main.ts in a child process (node --import tsx), LOG_LEVEL=warn');
console.log(`  load average (1/5/15 min) at the start: ${load()}`);
if (PARTS.includes('markdown')) await markdownPart();
if (PARTS.includes('psa')) await psaPart();
