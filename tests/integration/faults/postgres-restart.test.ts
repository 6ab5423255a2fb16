import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../../helpers/db';
import { startThrowawayCluster, type ThrowawayCluster } from '../../helpers/pg-throwaway-cluster';
import { waitUntil } from '../../helpers/wait-until';
import { TestClient } from '../../helpers/test-client';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process';
import { SseClient } from '../../helpers/sse-client';

const PASSWORD = 'demo-password';

type Outcome = { phase: 'before' | 'outage' | 'after'; status: number | 'network error'; code?: string };

/**
 * Fault: PostgreSQL restarts (a failover, a minor-version upgrade) while the server is under load.
 * Runs on a cluster of its own, so the shared test cluster is never touched. Promise: /readyz
 * reports the outage while it lasts, the app recovers by itself without a restart, the stream
 * listener reconnects so events committed afterwards reach connected clients, and a client coming
 * back with Last-Event-ID gets what it missed.
 */
describe.skipIf(!onPostgres)(
  'fault: PostgreSQL restarted under load (PostgreSQL only; skipped on the embedded database, which has no server to restart)',
  () => {
    let cluster: ThrowawayCluster;
    let server: ServerProcess;
    const streams: SseClient[] = [];

    beforeAll(async () => {
      cluster = await startThrowawayCluster();
      server = await startServerProcess({
        DATABASE_URL: cluster.url,
        SEED_DEMO: 'on',
        DATABASE_POOL_SIZE: '8',
      });
    }, 120_000);
    afterAll(async () => {
      streams.forEach((s) => s.close());
      await server?.stop();
      cluster?.destroy();
    });

    const readiness = async () => {
      if (server.child.exitCode !== null)
        throw new Error(
          `the server process exited with ${server.child.exitCode}:\n${server.output().slice(-2000)}`,
        );
      return (await fetch(`${server.url}/readyz`)).status;
    };

    it('reports the outage, recovers by itself, resumes the stream and replays what a client missed', async () => {
      const tech = await TestClient.signIn(server.url, 'tech@northwind.test', PASSWORD);
      const senior = await TestClient.signIn(server.url, 'senior@northwind.test', PASSWORD);
      const owner = await TestClient.signIn(server.url, 'owner@northwind.test', PASSWORD);
      const connect = async (headers: Record<string, string> = {}) => {
        const s = await SseClient.connect(`${server.url}/api/v1/stream`, {
          cookie: senior.authHeaders().cookie,
          ...headers,
        });
        streams.push(s);
        await s.waitFor((f) => f.event === 'ready');
        return s;
      };
      const escalate = async (problem: string) => {
        const s = await tech.post('/api/v1/sessions', { problem });
        expect(s.status).toBe(201);
        const h = await tech.post(`/api/v1/sessions/${s.body.session.id}/handoffs`, { intent: 'escalate' });
        expect(h.status).toBe(201);
        return h.body.handoff.id as string;
      };
      const stream = await connect();
      const before = await escalate('Citrix sessions freeze for every user at the branch office');
      await stream.waitFor((f) => f.event === 'handoff_created' && f.data.handoff_id === before);

      // Load: readers and writers keep going through the whole restart.
      let phase: Outcome['phase'] = 'before';
      let running = true;
      const outcomes: Outcome[] = [];
      const record = async (call: () => Promise<{ status: number; body: any }>) => {
        const at = phase;
        try {
          const res = await call();
          outcomes.push({ phase: at, status: res.status, code: res.body?.code });
        } catch {
          outcomes.push({ phase: at, status: 'network error' });
        }
      };
      const reader = async () => {
        while (running) await record(() => senior.get('/api/v1/handoffs/queue'));
      };
      const writer = async (lane: number) => {
        for (let i = 0; running; i++)
          await record(() =>
            tech.post('/api/v1/sessions', {
              problem: `Outlook search returns nothing for mailbox ${lane}-${i}`,
            }),
          );
      };
      const load = Promise.all([reader(), reader(), writer(1), writer(2)]);
      await waitUntil(
        'load before the restart',
        () => outcomes.filter((o) => o.phase === 'before' && o.status === 200).length >= 5,
      );

      cluster.stop();
      phase = 'outage';
      await waitUntil('/readyz to report the outage', async () => (await readiness()) === 503, 15_000, 100);
      const report = await (await fetch(`${server.url}/readyz`)).json();
      expect(report).toMatchObject({ status: 'unavailable', code: 'NOT_READY' });
      await waitUntil(
        'requests to fail during the outage',
        () => outcomes.some((o) => o.phase === 'outage' && o.status !== 200 && o.status !== 201),
        15_000,
        50,
      );

      cluster.start();
      await waitUntil('/readyz to report ready again', async () => (await readiness()) === 200, 60_000, 200);
      phase = 'after';
      await waitUntil(
        'requests to succeed again',
        () =>
          outcomes.filter((o) => o.phase === 'after' && (o.status === 200 || o.status === 201)).length >= 10,
        30_000,
      );
      running = false;
      await load;
      expect(server.child.exitCode).toBeNull(); // recovered by itself: the same process, never restarted

      // During the outage a request gets an honest "unavailable, try again" (503), never a 500 or a hang.
      const outage = outcomes.filter((o) => o.phase === 'outage');
      const duringOutage = outage.map((o) => o.status);
      const refused = outage.filter((o) => o.status !== 200 && o.status !== 201);
      expect(refused.length).toBeGreaterThan(0);
      expect(
        refused.filter((o) => o.status !== 503 || o.code !== 'DATABASE_UNAVAILABLE'),
        `statuses during the outage: ${[...new Set(duringOutage)]}`,
      ).toEqual([]);
      // Once ready again, every request succeeds.
      const after = outcomes.filter((o) => o.phase === 'after').map((o) => o.status);
      expect(after.filter((s) => s !== 200 && s !== 201)).toEqual([]);

      // The stream listener resumed: an event committed after the restart reaches the connected client.
      const afterRestart = await escalate('Label printer in the warehouse prints blank pages since Monday');
      await stream.waitFor(
        (f) => f.event === 'handoff_created' && f.data.handoff_id === afterRestart,
        15_000,
      );

      // A client that was away comes back with Last-Event-ID and receives exactly what it missed.
      const lastSeen = Math.max(...stream.frames.filter((f) => f.id).map((f) => Number(f.id)));
      stream.close();
      const missed = [
        await escalate('VPN client asks for the password on every connect'),
        await escalate('Scans to the shared folder fail with access denied'),
      ];
      expect((await owner.post(`/api/v1/handoffs/${missed[0]}/claim`)).status).toBe(200);
      const back = await connect({ 'last-event-id': String(lastSeen) });
      await back.waitFor((f) => f.event === 'handoff_claimed' && f.data.handoff_id === missed[0], 15_000);
      const replayed = back.frames.filter((f) => f.id);
      expect(replayed.every((f) => Number(f.id) > lastSeen)).toBe(true);
      expect(new Set(replayed.map((f) => f.id)).size).toBe(replayed.length);
      for (const id of missed)
        expect(
          replayed.some((f) => f.event === 'handoff_created' && f.data.handoff_id === id),
          `missed ${id}`,
        ).toBe(true);
      console.info(
        `[fault figures] PostgreSQL restart: ${outcomes.length} requests during the test, ${duringOutage.length} during the outage (${[...new Set(duringOutage)].join(', ')}), ${after.length} after it, all of those succeeded`,
      );
    }, 180_000);
  },
);
