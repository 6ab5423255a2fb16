// Our live push side by side with the peer helpdesk's method (issue 19), on the same machine and the
// same database engine. A trigger is a technician's request that puts new work in the queue; N
// listeners of that tenant are told. Ours: the compiled server (dist/server), `POST …/handoffs`
// (escalate) and API-token SSE streams (`handoff_created`). The peer: bench/peer-realtime/peer-server.mjs,
// a plain Node HTTP + Socket.IO process that inserts one row and emits in process before it answers,
// listened to with socket.io-client over websocket. Both sets of listeners are connected from this
// one process; per N, 3 warm-up triggers then 20 timed ones, 100 ms apart; three full runs (RUNS=…).
// Figure: request sent → frame at each listener (p50 / p99), and ours p50 ÷ the peer's p50.
// Usage: npx tsx bench/peer-realtime/run.ts [listeners…]                          (embedded PGlite)
//        DATABASE_URL=postgres://… npx tsx bench/peer-realtime/run.ts [listeners…] (default 1 100 1000)
// The server is compiled first when dist/server is older than its sources (scripts/build-server.mjs).
// The peer gets its own throw-away database in the same cluster, or its own embedded data folder.
// Which side goes first alternates from run to run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { ensureServerBuild } from '../../tests/helpers/server-build';
import { startPushScenario } from '../lib/push-scenario';
import { openSseStream, type SseReader } from '../lib/sse-reader';
import { summarize, type Summary } from '../lib/stats';
import { createThrowawayDatabase } from '../lib/throwaway-database';

const WARM_UPS = 3;
const TRIGGERS = 20;
const RUNS = Number(process.env.RUNS ?? 3);
const PAUSE_MS = 100;
const FRAME_TIMEOUT_MS = 10_000;
const SIZES = process.argv.slice(2).map(Number).filter(Boolean);
const adminUrl = process.env.DATABASE_URL;

/** Per listener and timed trigger: request sent → frame (ms); plus frames that never came. */
type Sample = { toFrame: number[]; answer: number[]; missing: number };

/**
 * Fires WARM_UPS + TRIGGERS triggers one after another. `trigger(n)` sends the n-th request and
 * resolves with the id of the new work once answered; `arrivals` holds, per id, the times the
 * listeners got its frame (filled by the listeners' handlers).
 */
async function fire(
  listeners: number,
  trigger: (n: number) => Promise<string>,
  arrivals: Map<string, number[]>,
): Promise<Sample> {
  const out: Sample = { toFrame: [], answer: [], missing: 0 };
  for (let n = 0; n < WARM_UPS + TRIGGERS; n++) {
    const sent = performance.now();
    const id = await trigger(n);
    const answered = performance.now();
    const deadline = answered + FRAME_TIMEOUT_MS;
    while ((arrivals.get(id)?.length ?? 0) < listeners && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 2));
    if (n >= WARM_UPS) {
      const got = arrivals.get(id) ?? [];
      out.missing += listeners - got.length;
      out.answer.push(answered - sent);
      out.toFrame.push(...got.map((at) => at - sent));
    }
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
  return out;
}

/** Ours: the compiled server, escalate requests, SSE listeners (as bench/stream/push.ts). */
async function ours(listeners: number): Promise<Sample> {
  const { pop, servers, cleanup } = await startPushScenario(adminUrl, listeners, WARM_UPS + TRIGGERS, 1);
  const server = servers[0]!;
  const arrivals = new Map<string, number[]>();
  const streams: SseReader[] = pop.seniorTokens.map((token) =>
    openSseStream(`${server.url}/api/v1/stream`, { authorization: `Bearer ${token}` }, (frame, at) => {
      if (frame.event !== 'handoff_created') return;
      const id = /"handoff_id":"([^"]+)"/.exec(frame.data)?.[1];
      if (id) arrivals.set(id, [...(arrivals.get(id) ?? []), at]);
    }),
  );
  try {
    await Promise.all(streams.map((s) => s.ready));
    return await fire(
      listeners,
      async (n) => {
        const res = await fetch(`${server.url}/api/v1/sessions/${pop.sessions[n]}/handoffs`, {
          method: 'POST',
          headers: { authorization: `Bearer ${pop.techToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ intent: 'escalate' }),
        });
        const body = (await res.json()) as { handoff?: { id: string } };
        if (!body.handoff) throw new Error(`escalate answered ${res.status}: ${JSON.stringify(body)}`);
        return body.handoff.id;
      },
      arrivals,
    );
  } finally {
    streams.forEach((s) => s.close());
    await server.stop();
    await cleanup();
  }
}

/** The peer server in its own plain `node` process, on a throw-away database or its own PGlite folder. */
async function startPeer() {
  const dir = mkdtempSync(join(tmpdir(), 'rf-peer-'));
  const throwaway = adminUrl ? await createThrowawayDatabase(adminUrl, 'rf_peer') : null;
  const child = spawn(process.execPath, [join(import.meta.dirname, 'peer-server.mjs')], {
    env: {
      ...process.env,
      PORT: '0',
      PEER_DATA_DIR: join(dir, 'pglite'),
      ...(throwaway ? { PEER_DATABASE_URL: throwaway.url } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const cleanup = async () => {
    rmSync(dir, { recursive: true, force: true });
    await throwaway?.drop();
  };
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`peer server exited with ${code}`)));
  }).catch(async (err: unknown) => {
    await cleanup();
    throw err;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await cleanup();
    },
  };
}

/** The peer: one room, socket.io-client listeners over websocket only, a plain POST per trigger. */
async function peer(listeners: number): Promise<Sample> {
  const server = await startPeer();
  const room = 'push-bench';
  const arrivals = new Map<string, number[]>();
  const sockets: Socket[] = [];
  try {
    await Promise.all(
      Array.from({ length: listeners }, () => {
        const socket = connectSocket(server.url, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          auth: { room },
        });
        sockets.push(socket);
        socket.on('work', (row: { id: string }) => {
          const at = performance.now();
          arrivals.set(row.id, [...(arrivals.get(row.id) ?? []), at]);
        });
        return new Promise<void>((resolve, reject) => {
          socket.once('ready', () => resolve());
          socket.once('connect_error', reject);
        });
      }),
    );
    return await fire(
      listeners,
      async () => {
        const res = await fetch(`${server.url}/rooms/${room}/work`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ summary: 'VPN error 809 from home' }),
        });
        const body = (await res.json()) as { work?: { id: string } };
        if (!body.work) throw new Error(`peer answered ${res.status}: ${JSON.stringify(body)}`);
        return body.work.id;
      },
      arrivals,
    );
  } finally {
    sockets.forEach((s) => s.disconnect());
    await server.stop();
  }
}

const f = (s: Summary) => `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)}`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

ensureServerBuild();
const sizes = SIZES.length ? SIZES : [1, 100, 1000];
console.log(
  `${adminUrl ? 'PostgreSQL' : 'embedded PGlite'}; ${WARM_UPS} warm-ups + ${TRIGGERS} timed triggers per row, ` +
    `${RUNS} runs; load average at start ${load()}; request sent → frame at each listener, ms, p50 / p99`,
);
console.log(
  '| run | listeners | ours | peer | ratio p50 | ours answer | peer answer | frames missing (ours, peer) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
const pooled = new Map(
  sizes.map((n) => [n, { ours: [] as number[], peer: [] as number[], ratios: [] as number[] }]),
);
for (let run = 1; run <= RUNS; run++) {
  for (const n of sizes) {
    // Alternate who goes first, so neither side always meets a machine warmed (or tired) by the other.
    let o: Sample;
    let p: Sample;
    if (run % 2) {
      o = await ours(n);
      p = await peer(n);
    } else {
      p = await peer(n);
      o = await ours(n);
    }
    const so = summarize(o.toFrame);
    const sp = summarize(p.toFrame);
    const acc = pooled.get(n)!;
    acc.ours.push(...o.toFrame);
    acc.peer.push(...p.toFrame);
    acc.ratios.push(so.p50 / sp.p50);
    console.log(
      `| ${run} | ${n} | ${f(so)} | ${f(sp)} | ${(so.p50 / sp.p50).toFixed(2)} | ${f(summarize(o.answer))} | ` +
        `${f(summarize(p.answer))} | ${o.missing}, ${p.missing} |`,
    );
  }
}
console.log(`\nAll ${RUNS} runs pooled; load average at the end ${load()}`);
console.log('| listeners | ours p50 / p99 | peer p50 / p99 | ratio p50 (pooled; runs min–max) |');
console.log('| --- | --- | --- | --- |');
for (const [n, acc] of pooled) {
  const so = summarize(acc.ours);
  const sp = summarize(acc.peer);
  const lo = Math.min(...acc.ratios).toFixed(2);
  const hi = Math.max(...acc.ratios).toFixed(2);
  console.log(`| ${n} | ${f(so)} | ${f(sp)} | ${(so.p50 / sp.p50).toFixed(2)} (${lo}–${hi}) |`);
}
