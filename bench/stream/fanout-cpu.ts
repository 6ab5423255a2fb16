// CPU of one fan-out pass, apart from everything else the server does: the event bus hands an
// escalation's two events (the bell `notification` addressed to every listener, then
// `handoff_created`) to N live streams on real loopback sockets, through the same code the stream
// route uses (bus → visibility → connection → node sink). The clients are a child process that
// reads as bench/stream/push.ts does (READER=http: through Node's HTTP client, else the
// bare-socket reader), so their CPU is not counted in the server's; it is reported apart. Per
// pass: process CPU (user + system) from the bus's delivery until the frames have been handed to
// the kernel (the next turn of the loop), and the wall time of that span. A machine loaded by
// other work inflates the wall time, much less the CPU.
// Usage: [READER=http] npx tsx bench/stream/fanout-cpu.ts [listeners=1000] [passes=200]
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { EventBus } from '../../server/realtime/event-bus';
import { DEFAULT_STREAM_LIMITS, nodeSink, StreamConnection } from '../../server/realtime/stream-hub';
import { sseFrame, visibleTo } from '../../server/realtime/visibility';
import type { StreamEvent } from '../../server/modules/events/events.repo';
import type { Database } from '../../server/db/types';
import type { Logger } from '../../server/lib/logger';
import { openRawSseStream, openSseStream } from '../lib/sse-reader';
import { summarize } from '../lib/stats';

if (process.argv[2] === '--clients') {
  // The reading side, as bench/stream/push.ts reads: N streams through the benchmarks' SSE reader,
  // each handoff frame noted with its arrival. Reports its own CPU per pass on request.
  const [url, n] = [process.argv[3]!, Number(process.argv[4])];
  const arrivals = new Map<string, number[]>();
  const open = process.env.READER === 'http' ? openSseStream : openRawSseStream;
  const streams = Array.from({ length: n }, (_, i) =>
    open(`${url}/?user=u${i}`, {}, (frame, at) => {
      if (frame.event !== 'handoff_created') return;
      const id = /"handoff_id":"([^"]+)"/.exec(frame.data)?.[1];
      if (id) {
        const got = arrivals.get(id);
        if (got) got.push(at);
        else arrivals.set(id, [at]);
      }
    }),
  );
  await Promise.all(streams.map((s) => s.ready));
  let cpu = process.cpuUsage();
  process.send!({ open: n });
  process.on('message', (m: string) => {
    if (m === 'count') {
      let handoffs = 0;
      for (const got of arrivals.values()) handoffs += got.length;
      return void process.send!({ handoffs });
    }
    // 'pass': the CPU this reader spent since the last ask (one pass, read whole by now).
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    process.send!({ cpu: (used.user + used.system) / 1000 });
  });
} else {
  await main();
}

async function main() {
  const listeners = Number(process.argv[2] ?? 1000);
  const passes = Number(process.argv[3] ?? 200);
  const accountId = 'acct';
  const logger = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;
  const bus = new EventBus({} as Database, logger);
  const deliver = (event: StreamEvent) =>
    (bus as unknown as { deliver(e: StreamEvent): void }).deliver(event);
  const users: string[] = [];

  const server = createServer((req, res) => {
    const userId = new URL(req.url!, 'http://x').searchParams.get('user')!;
    const user = { id: userId, role: 'engineer' as const };
    const connection = new StreamConnection(nodeSink(res), DEFAULT_STREAM_LIMITS, () => unsubscribe());
    // As the stream route's subscriber (server/http/routes/stream.ts) after its replay.
    const sent = new Set<number>();
    const unsubscribe = bus.subscribe(accountId, (event) => {
      if (!visibleTo(event, user)) return;
      if (!sent.has(event.id)) connection.push(sseFrame(event));
    });
    connection.push(`retry: 1000\nevent: ready\ndata: {"user_id":"${userId}"}\n\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (let i = 0; i < listeners; i++) users.push(`u${i}`);

  const clients = fork(new URL(import.meta.url).pathname, ['--clients', url, String(listeners)], {
    execArgv: process.execArgv,
  });
  const ask = () => new Promise<{ handoffs?: number; cpu?: number }>((r) => clients.once('message', r));
  await ask();

  let id = 1;
  const cpu: number[] = [];
  const wall: number[] = [];
  const readerCpu: number[] = [];
  const now = new Date();
  for (let p = 0; p < passes; p++) {
    const handoffId = `h${p}`;
    const bell: StreamEvent = {
      id: id++,
      account_id: accountId,
      type: 'notification',
      payload: {
        notification_id: `n${p}`,
        kind: 'handoff_escalated',
        title: 'Escalated: VPN error 809 from home',
        body: 'A technician escalated a session and needs help now.',
        link: `/handoffs/${handoffId}`,
        unread_count: p + 1,
        recipient_ids: users,
      },
      session_owner_id: null,
      created_at: now,
    };
    const handoff: StreamEvent = {
      id: id++,
      account_id: accountId,
      type: 'handoff_created',
      payload: {
        handoff_id: handoffId,
        session_id: `s${p}`,
        intent: 'escalate',
        priority: 'P2',
        summary: 'VPN error 809 from home; tried reinstalling the client and resetting the adapter.',
        escalated_by: 'tech',
      },
      session_owner_id: 'tech',
      created_at: now,
    };
    // Start from a fresh turn of the loop, as the bus's setImmediate after a commit does.
    await new Promise((r) => setImmediate(r));
    const startCpu = process.cpuUsage();
    const startWall = performance.now();
    deliver(bell);
    deliver(handoff);
    await new Promise((r) => setImmediate(r));
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - startWall);
    cpu.push((used.user + used.system) / 1000);
    // Let the clients read before the next pass, so every pass meets empty socket buffers.
    await new Promise((r) => setTimeout(r, 40));
    clients.send('pass');
    readerCpu.push((await ask()).cpu!);
  }
  clients.send('count');
  const { handoffs } = await ask();
  clients.kill();
  server.closeAllConnections();
  server.close();

  const c = summarize(cpu.slice(10));
  const w = summarize(wall.slice(10));
  const r = summarize(readerCpu.slice(10));
  console.log(
    `${listeners} listeners, ${passes} passes (first 10 not counted), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}: CPU per fan-out p50 ${c.p50.toFixed(2)} ms (mean ${(
      cpu.slice(10).reduce((a, b) => a + b, 0) /
      (cpu.length - 10)
    ).toFixed(
      2,
    )}), wall p50 ${w.p50.toFixed(2)} / p99 ${w.p99.toFixed(2)} ms; reader CPU per pass p50 ${r.p50.toFixed(2)} ms; handoff frames received ${handoffs} of ${
      listeners * passes
    }`,
  );
}
