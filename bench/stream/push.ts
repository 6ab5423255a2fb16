// The live push at the machine's limit, measured the way issue 19 compares it with a peer: a tech's
// escalate request puts new work in the queue and N listening seniors of that account are told.
// Per scenario 3 warm-up triggers, then 20 timed ones. Figures: request sent → answer (escalate),
// answer → frame at each listener, and answer → the last listener's frame. A frame that arrives before
// the answer counts as 0 ms. On PostgreSQL a second scenario runs two server processes with the
// listeners split between them: frames at the process that did not take the request crossed
// processes (LISTEN/NOTIFY), the others did not.
// Usage: npx tsx bench/stream/push.ts [listeners…]                                 (embedded PGlite)
//        DATABASE_URL=postgres://… npx tsx bench/stream/push.ts [listeners…]       (default 1 100 1000)
// The listeners read through a bare-socket reader (bench/lib/sse-reader.ts, `openRawSseStream`): with
// a thousand streams in this one process, Node's HTTP client costs the reader about as much CPU per
// trigger as the server's whole fan-out, and its last frame is noted that much later. PUSH_READER=http
// reads through Node's HTTP client as the runs before 2026-12-05 18:20 UTC did.
import { loadavg } from 'node:os';
import { startPushScenario } from '../lib/push-scenario';
import { openRawSseStream, openSseStream, type SseReader } from '../lib/sse-reader';
import { summarize, type Summary } from '../lib/stats';

const WARM_UPS = 3;
const TRIGGERS = 20;
const SIZES = process.argv.slice(2).map(Number).filter(Boolean);
const adminUrl = process.env.DATABASE_URL;

type Arrival = { at: number; server: number };

async function scenario(listeners: number, processes: number) {
  const { pop, servers, cleanup } = await startPushScenario(
    adminUrl,
    listeners,
    WARM_UPS + TRIGGERS,
    processes,
  );
  const arrivals = new Map<string, Arrival[]>();
  const open = process.env.PUSH_READER === 'http' ? openSseStream : openRawSseStream;
  const streams: SseReader[] = pop.seniorTokens.map((token, i) =>
    open(
      `${servers[i % processes]!.url}/api/v1/stream`,
      { authorization: `Bearer ${token}` },
      (frame, at) => {
        if (frame.event !== 'handoff_created') return;
        const id = /"handoff_id":"([^"]+)"/.exec(frame.data)?.[1];
        if (!id) return;
        // Appended in place: copying the list on every frame cost the reader O(N²) per trigger.
        const got = arrivals.get(id);
        if (got) got.push({ at, server: i % processes });
        else arrivals.set(id, [{ at, server: i % processes }]);
      },
    ),
  );
  await Promise.all(streams.map((s) => s.ready));

  const escalate: number[] = [];
  const toFrame: number[] = [];
  const toLast: number[] = [];
  const sameProcess: number[] = [];
  const crossProcess: number[] = [];
  let missing = 0;
  for (const [n, sessionId] of pop.sessions.entries()) {
    const sent = performance.now();
    const res = await fetch(`${servers[0]!.url}/api/v1/sessions/${sessionId}/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pop.techToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ intent: 'escalate' }),
    });
    const body = (await res.json()) as { handoff?: { id: string } };
    const answered = performance.now();
    if (!body.handoff) throw new Error(`escalate answered ${res.status}: ${JSON.stringify(body)}`);
    const id = body.handoff.id;
    const deadline = answered + 10_000;
    while ((arrivals.get(id)?.length ?? 0) < listeners && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 2));
    if (n >= WARM_UPS) {
      const got = arrivals.get(id) ?? [];
      missing += listeners - got.length;
      escalate.push(answered - sent);
      const after = got.map((a) => ({ ...a, ms: Math.max(0, a.at - answered) }));
      toFrame.push(...after.map((a) => a.ms));
      toLast.push(Math.max(...after.map((a) => a.ms)));
      for (const a of after) (a.server === 0 ? sameProcess : crossProcess).push(a.ms);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  streams.forEach((s) => s.close());
  await Promise.all(servers.map((s) => s.stop()));
  await cleanup();

  const f = (s: Summary) => `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)}`;
  const cross =
    processes > 1
      ? `  | same process ${f(summarize(sameProcess))}, other process ${f(summarize(crossProcess))}`
      : '';
  console.log(
    `| ${listeners} | ${processes} | ${f(summarize(escalate))} | ${f(summarize(toFrame))} | ${f(summarize(toLast))} | ${missing} |${cross}`,
  );
}

console.log(
  `${adminUrl ? 'PostgreSQL' : 'embedded PGlite'}; reader ${process.env.PUSH_READER === 'http' ? 'Node HTTP client' : 'raw socket'}; ${WARM_UPS} warm-ups + ${TRIGGERS} timed triggers per row; ` +
    `load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; times in ms, p50 / p99`,
);
console.log(
  '| listeners | processes | escalate (sent → answer) | answer → frame | answer → last listener | frames missing |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const n of SIZES.length ? SIZES : [1, 100, 1000]) {
  await scenario(n, 1);
  if (adminUrl) await scenario(n, 2);
}
