import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import type { Database } from '../../server/db/types';
import type { Role } from '../../shared/roles';
import { freePort, startServerProcess } from '../../tests/helpers/server-process';
import {
  createBrowserSessions,
  insertAccount,
  type BenchUser,
  type BrowserCredentials,
} from '../lib/population';
import { cpuSeconds, machineCpu, RssSampler } from '../lib/process-stats';
import { cpus, loadavg } from 'node:os';
import { summarize, type Summary } from '../lib/stats';
import { percentilesBetween, scrapeHistograms } from '../lib/server-metrics';
import { PostgresMonitor, type PostgresReport } from '../lib/postgres-monitor';
import { createThrowawayDatabase } from '../lib/throwaway-database';
import { BrowserClient } from './browser-client';
import { seedHistory, type HistoryShape } from './history';
import { Recorder } from './recorder';
import { SeniorStream } from './streams';
import { buildTimeline, readProbe, TimelineSampler, worstSeconds, type Second } from './timeline';
import { adminUser, seniorUser, techUser, type Shared } from './workload';

export type LoadOptions = {
  /** A PostgreSQL cluster to create the throw-away database in; undefined runs on embedded PGlite. */
  adminUrl?: string;
  vus: number;
  accounts: number;
  durationS: number;
  thinkMs: [number, number];
  history: HistoryShape;
  /** Extra environment for the server process (e.g. DATABASE_POOL_SIZE). */
  serverEnv?: Record<string, string>;
  progress?: (line: string) => void;
};

export type RouteResult = {
  route: string;
  n: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  /** The server's own histogram for the route: the bucket bounds (ms) holding its p50 and p99. */
  server: { p50: number; p99: number } | null;
};

export type LoadResult = {
  database: 'PostgreSQL' | 'PGlite';
  serverVersion: string | null;
  options: Omit<LoadOptions, 'adminUrl' | 'progress'>;
  population: {
    accounts: number;
    techs: number;
    seniors: number;
    admins: number;
    streams: number;
    historySessions: number;
  };
  startedAt: string;
  elapsedS: number;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  errorRate: number;
  errorList: { route: string; status: number; code: string; message: string; count: number }[];
  claimRacesLost: number;
  escalations: number;
  routes: RouteResult[];
  stream: { expected: number; received: number; duplicates: number; lost: string[]; latencyMs: Summary };
  rssMb: { start: number; peak: number; end: number };
  /**
   * Where the CPU went during the run, in cores (1.0 = one core busy the whole time): the server
   * process, this load generator, and the whole machine (PostgreSQL and anything else running).
   */
  cpu: {
    cores: number;
    server: number;
    postgres: number | null;
    loadGenerator: number;
    machine: number;
    loadAverageStart: number;
    loadAverageEnd: number;
  };
  /** PostgreSQL backends of the throw-away database during the run (null on PGlite). */
  postgres: PostgresReport | null;
  /** The server's event loop: its worst delay in the run, and the median of its per-second worst. */
  eventLoop: { maxMs: number; medianOfSecondMaxMs: number } | null;
  /** Second by second, and the five seconds with the worst p99. */
  timeline: Second[];
  worstSeconds: Second[];
  serverErrorLogLines: string[];
};

const INTAKES: string[] = [
  ...(JSON.parse(readFileSync(join(import.meta.dirname, '../engine-eval/cases-part1.json'), 'utf8')) as {
    text: string;
  }[]),
  ...(JSON.parse(readFileSync(join(import.meta.dirname, '../engine-eval/cases-part2.json'), 'utf8')) as {
    text: string;
  }[]),
].map((c) => c.text);

/** How one account's members split over the three kinds of virtual user (about 70 / 25 / 5 %). */
export function accountMix(perAccount: number): Record<'tech' | 'engineer' | 'admin', number> {
  const admin = Math.max(1, Math.round(perAccount * 0.05));
  const engineer = Math.max(1, Math.round(perAccount * 0.25));
  return { tech: Math.max(1, perAccount - admin - engineer), engineer, admin };
}

type Member = BenchUser & { credentials: BrowserCredentials };

async function populate(db: Database, o: LoadOptions) {
  await migrate(db);
  const members: Member[] = [];
  const perAccount = Math.ceil(o.vus / o.accounts);
  for (let a = 0; a < o.accounts; a++) {
    const mix = accountMix(perAccount);
    const { accountId, users } = await insertAccount(
      db,
      `Load MSP ${a + 1}`,
      mix as Partial<Record<Role, number>>,
    );
    await seedHistory(db, accountId, users, INTAKES, o.history);
    const credentials = await createBrowserSessions(db, users);
    members.push(...users.map((u) => ({ ...u, credentials: credentials.get(u.id)! })));
  }
  // What autovacuum would have done to a database with this history: statistics, visibility map.
  await db.exec('VACUUM ANALYZE');
  return members.slice(0, o.vus);
}

/** Runs the mixed workload against a real server process and returns what it observed. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const say = o.progress ?? (() => {});
  const probeDir = mkdtempSync(join(tmpdir(), 'rf-load-probe-'));
  const probeFile = join(probeDir, 'probe.json');
  const probe = `--import ${pathToFileURL(join(import.meta.dirname, 'server-probe.mjs')).href}`;
  let env: Record<string, string> = {
    SEED_DEMO: 'off',
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${probe}`.trim(),
    SERVER_PROBE_FILE: probeFile,
    // The load opens more streams per account than the production caps allow one account.
    STREAM_MAX_PER_ACCOUNT: '100000',
    ...o.serverEnv,
  };
  let existing: { port: number; dataDir: string } | undefined;
  let drop = async () => {};
  let serverVersion: string | null = null;
  let database: { adminUrl: string; name: string } | undefined;
  const t0 = performance.now();
  try {
    let members: Member[];
    if (o.adminUrl) {
      const throwaway = await createThrowawayDatabase(o.adminUrl, 'rf_load');
      database = { adminUrl: o.adminUrl, name: new URL(throwaway.url).pathname.slice(1) };
      drop = throwaway.drop;
      const db = await openPostgres(throwaway.url, 4);
      try {
        members = await populate(db, o);
        serverVersion = (await db.query<{ v: string }>('SHOW server_version')).rows[0]!.v;
      } finally {
        await db.close();
      }
      env = { ...env, DATABASE_URL: throwaway.url };
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'rf-load-'));
      const db = await openPglite(join(dataDir, 'pglite'));
      try {
        members = await populate(db, o);
      } finally {
        await db.close();
      }
      existing = { port: await freePort(), dataDir };
    }
    say(
      `populated ${o.accounts} accounts (${members.length} users, ${o.history.sessions} past sessions each) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    return await measure(o, members, env, existing, serverVersion, database, probeFile);
  } finally {
    await drop();
    rmSync(probeDir, { recursive: true, force: true });
  }
}

async function measure(
  o: LoadOptions,
  members: Member[],
  env: Record<string, string>,
  existing: { port: number; dataDir: string } | undefined,
  serverVersion: string | null,
  database: { adminUrl: string; name: string } | undefined,
  probeFile: string,
): Promise<LoadResult> {
  const say = o.progress ?? (() => {});
  const server = await startServerProcess(env, existing);
  const streams: SeniorStream[] = [];
  try {
    const rss = new RssSampler(server.child.pid!);
    const recorder = new Recorder();
    const escalations = new Map<string, { accountId: string; respondedAt: number }>();
    const seniors = members.filter((m) => m.role === 'engineer');
    for (const s of seniors) streams.push(new SeniorStream(server.url, s.credentials, s.accountId));
    await Promise.all(streams.map((s) => s.ready));
    say(
      `server up (RSS ${rss.start.toFixed(0)} MB), ${streams.length} streams ready; running ${o.vus} virtual users for ${o.durationS} s`,
    );

    const startedAt = new Date();
    const histogramsBefore = await scrapeHistograms(server.url);
    const monitor = database ? await PostgresMonitor.start(database.adminUrl, database.name) : undefined;
    const cpuAtStart = {
      server: cpuSeconds(server.child.pid!),
      self: process.cpuUsage(),
      machine: machineCpu(),
      load: loadavg()[0]!,
    };
    const timelineSampler = new TimelineSampler(server.child.pid!);
    const startEpoch = Date.now();
    const started = performance.now();
    const shared: Shared = {
      deadline: started + o.durationS * 1000,
      thinkMs: o.thinkMs,
      intakes: INTAKES,
      onEscalated: (accountId, id, respondedAt) => escalations.set(id, { accountId, respondedAt }),
    };
    const streamOf = new Map(seniors.map((s, i) => [s.id, streams[i]!] as const));
    await Promise.all(
      members.map((m) => {
        const client = new BrowserClient(server.url, m.credentials, recorder);
        if (m.role === 'tech') return techUser(client, m.accountId, shared);
        if (m.role === 'engineer') return seniorUser(client, shared, streamOf.get(m.id)!);
        return adminUser(client, shared);
      }),
    );
    const elapsedS = (performance.now() - started) / 1000;
    const self = process.cpuUsage(cpuAtStart.self);
    const serverSide = percentilesBetween(histogramsBefore, await scrapeHistograms(server.url));
    const postgres = monitor ? await monitor.stop() : null;
    const machineNow = machineCpu();
    const cpu = {
      cores: cpus().length,
      server: (cpuSeconds(server.child.pid!) - cpuAtStart.server) / elapsedS,
      postgres: postgres === null ? null : postgres.cpuSeconds / elapsedS,
      loadGenerator: (self.user + self.system) / 1e6 / elapsedS,
      machine: (machineNow.busy - cpuAtStart.machine.busy) / elapsedS,
      loadAverageStart: cpuAtStart.load,
      loadAverageEnd: loadavg()[0]!,
    };

    // Every stream of the escalating account should get each handoff_created frame: wait for the stragglers.
    const expectedFor = (accountId: string) => streams.filter((s) => s.accountId === accountId).length;
    const expected = [...escalations.values()].reduce((n, e) => n + expectedFor(e.accountId), 0);
    const received = () =>
      streams.reduce(
        (n, s) =>
          n + [...s.arrivals.keys()].filter((id) => escalations.get(id)?.accountId === s.accountId).length,
        0,
      );
    for (const until = performance.now() + 15_000; received() < expected && performance.now() < until;)
      await new Promise((r) => setTimeout(r, 50));
    const latencies: number[] = [];
    for (const s of streams) {
      for (const [id, at] of s.arrivals) {
        const e = escalations.get(id);
        if (e) latencies.push(Math.max(0, at - e.respondedAt));
      }
    }
    const lost = streams.filter((s) => s.lostReason).map((s) => s.lostReason!);
    const rssMb = rss.stop();
    const samples = timelineSampler.stop();
    // The probe writes the event-loop delays when the server exits.
    for (const s of streams) s.close();
    await server.stop();
    const eventLoopSeconds = readProbe(probeFile).filter((e) => e.at >= startEpoch);
    const timeline = buildTimeline(startEpoch, recorder.completions, samples, eventLoopSeconds);
    const secondMax = eventLoopSeconds.map((e) => e.maxMs).sort((a, b) => a - b);

    const routes = recorder.routes().map(({ route, latency, errors }) => {
      const own = serverSide.get(route);
      const { n, p50, p99, max } = latency;
      return { route, n, errors, p50, p99, max, server: own ? { p50: own.p50, p99: own.p99 } : null };
    });
    const errorList = recorder.errorGroups();
    const errors = recorder.errors.length + lost.length;
    const serverErrorLogLines = server
      .output()
      .split('\n')
      .filter((l) => l.includes('"level":"error"'));
    return {
      database: o.adminUrl ? 'PostgreSQL' : 'PGlite',
      serverVersion,
      options: {
        vus: o.vus,
        accounts: o.accounts,
        durationS: o.durationS,
        thinkMs: o.thinkMs,
        history: o.history,
        serverEnv: o.serverEnv ?? {},
      },
      population: {
        accounts: o.accounts,
        techs: members.filter((m) => m.role === 'tech').length,
        seniors: seniors.length,
        admins: members.filter((m) => m.role === 'admin').length,
        streams: streams.length,
        historySessions: o.history.sessions * o.accounts,
      },
      startedAt: startedAt.toISOString(),
      elapsedS,
      requests: recorder.requests,
      requestsPerSecond: recorder.requests / elapsedS,
      errors,
      errorRate:
        errors / Math.max(1, recorder.requests + recorder.errors.filter((e) => e.status === 0).length),
      errorList: [
        ...errorList,
        ...lost.map((reason) => ({
          route: 'GET /stream',
          status: 0,
          code: 'STREAM_LOST',
          message: reason,
          count: 1,
        })),
      ],
      claimRacesLost: recorder.expectedCount('claim-race-lost'),
      escalations: escalations.size,
      routes,
      stream: {
        expected,
        received: received(),
        duplicates: streams.reduce((n, s) => n + s.duplicates, 0),
        lost,
        latencyMs: summarize(latencies),
      },
      rssMb,
      cpu,
      postgres,
      eventLoop: secondMax.length
        ? { maxMs: secondMax.at(-1)!, medianOfSecondMaxMs: secondMax[Math.floor(secondMax.length / 2)]! }
        : null,
      timeline,
      worstSeconds: worstSeconds(timeline),
      serverErrorLogLines: serverErrorLogLines.slice(0, 20),
    };
  } finally {
    for (const s of streams) s.close();
    await server.stop();
  }
}
