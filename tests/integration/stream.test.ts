import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount, TEST_PASSWORD } from '../helpers/factories';
import { httpLogin, listen } from '../helpers/http-server';
import { startSession } from '../helpers/sessions';
import { SseClient } from '../helpers/sse-client';

const TEAM = {
  senior: 'engineer',
  senior2: 'engineer',
  tech: 'tech',
  tech2: 'tech',
  viewer: 'viewer',
} as const;

describe(`live stream and bell (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let server: { url: string; close: () => Promise<void> };
  let acct: Awaited<ReturnType<typeof createTestAccount<keyof typeof TEAM>>>;
  let c: Record<keyof typeof TEAM, TestClient>;
  const open: SseClient[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    testApp = createTestApp(t.db, {
      streamLimits: { heartbeatMs: 200, maxQueuedBytes: 256 * 1024, replayLimit: 20 },
    });
    server = await listen(testApp.app);
    acct = await createTestAccount(t.db, TEAM);
    c = await clientsFor(testApp.app, acct.users);
  });
  afterAll(async () => {
    open.forEach((s) => s.close());
    await testApp.realtime.bus.stop();
    await testApp.assessments.stop();
    await server.close();
    await t.drop();
  });

  async function stream(email: string, headers: Record<string, string> = {}) {
    const auth = await httpLogin(server.url, email, TEST_PASSWORD);
    const s = await SseClient.connect(`${server.url}/api/v1/stream`, {
      cookie: auth.cookie,
      ...headers,
    });
    open.push(s);
    if (s.status === 200) await s.waitFor((f) => f.event === 'ready');
    return s;
  }

  async function escalate(by: TestClient = c.tech) {
    const s = await startSession(by);
    const res = await by.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
      intent: 'escalate',
      engineer_notes: 'stuck',
    });
    expect(res.status).toBe(201);
    return res.body.handoff;
  }

  it('a senior receives ready, then the handoff_created frame with the event-log id', async () => {
    const s = await stream(acct.users.senior.email);
    const ready = s.events('ready')[0]!;
    expect(ready.data).toMatchObject({ user_id: acct.users.senior.id });
    const h = await escalate();
    const frame = await s.waitFor((f) => f.event === 'handoff_created' && f.data.handoff_id === h.id);
    expect(Number(frame.id)).toBeGreaterThan(0);
    expect(frame.data).toMatchObject({
      handoff_id: h.id,
      session_id: h.session_id,
      handed_off_by: { id: acct.users.tech.id },
    });
    expect(frame.data.recipient_ids).toBeUndefined();
    const bell = await s.waitFor((f) => f.event === 'notification' && f.data.handoff_id === h.id);
    expect(bell.data.link).toBe(`/sessions/${h.session_id}?pickup=1`);
    s.close();
  });

  it('heartbeats arrive as comments', async () => {
    const s = await stream(acct.users.senior2.email);
    await s.waitFor((f) => f.event === 'comment' && f.comment === 'heartbeat', 2000);
    s.close();
  });

  it('a tech sees events of their own sessions only; a viewer gets 403; no auth gets 401; bearer works', async () => {
    const tech2 = await stream(acct.users.tech2.email);
    const own = await escalate(c.tech2);
    const other = await escalate(c.tech);
    await tech2.waitFor((f) => f.event === 'handoff_created' && f.data.handoff_id === own.id);
    await c.senior.post(`/api/v1/handoffs/${own.id}/claim`);
    await tech2.waitFor((f) => f.event === 'handoff_claimed' && f.data.handoff_id === own.id);
    const claimedNote = await tech2.waitFor(
      (f) => f.event === 'notification' && f.data.event === 'handoff_claimed',
    );
    expect(claimedNote.data.title).toContain('picked up your escalation');
    await new Promise((r) => setTimeout(r, 200));
    expect(tech2.frames.some((f) => f.data?.handoff_id === other.id)).toBe(false);
    tech2.close();

    const viewer = await stream(acct.users.viewer.email);
    expect(viewer.status).toBe(403);
    expect((await SseClient.connect(`${server.url}/api/v1/stream`, {})).status).toBe(401);
    const token = (await c.senior.post('/api/v1/tokens', { name: 'stream' })).body.token;
    const bearer = await SseClient.connect(`${server.url}/api/v1/stream`, {
      authorization: `Bearer ${token}`,
    });
    open.push(bearer);
    expect(bearer.status).toBe(200);
    await bearer.waitFor((f) => f.event === 'ready');
  });

  it('events never cross tenants', async () => {
    const other = await createTestAccount(t.db, { senior: 'engineer' });
    const s = await stream(other.users.senior.email);
    const h = await escalate();
    const mine = await stream(acct.users.senior.email);
    await c.senior.post(`/api/v1/handoffs/${h.id}/claim`);
    await mine.waitFor((f) => f.event === 'handoff_claimed' && f.data.handoff_id === h.id);
    expect(s.frames.filter((f) => f.event !== 'ready' && f.event !== 'comment')).toHaveLength(0);
    s.close();
    mine.close();
  });

  it('a client reconnecting with Last-Event-ID receives exactly the events it missed', async () => {
    const s = await stream(acct.users.senior2.email);
    const first = await escalate();
    const seen = await s.waitFor((f) => f.event === 'handoff_created' && f.data.handoff_id === first.id);
    await s.waitFor((f) => f.event === 'notification' && f.data.handoff_id === first.id);
    const lastId = Math.max(...s.frames.filter((f) => f.id).map((f) => Number(f.id)));
    expect(lastId).toBeGreaterThanOrEqual(Number(seen.id));
    s.close();
    // Missed while disconnected: an escalation (created + bell notification), its assessment, a claim.
    const missed = await escalate();
    await c.senior.post(`/api/v1/handoffs/${missed.id}/claim`);
    await testApp.assessments.idle();
    const { withTenant } = await import('../../server/db/tenant');
    const expected = await withTenant(t.db, acct.accountId, (tx) =>
      tx.query<{ id: number; type: string; payload: any }>(
        `SELECT id, type, payload FROM events WHERE account_id = $1 AND id > $2 ORDER BY id`,
        [acct.accountId, lastId],
      ),
    );
    const visible = expected.rows.filter(
      (e) => e.type !== 'notification' || e.payload.recipient_ids.includes(acct.users.senior2.id),
    );
    expect(visible.map((e) => e.type)).toEqual(
      expect.arrayContaining(['handoff_created', 'notification', 'handoff_claimed']),
    );
    const back = await stream(acct.users.senior2.email, { 'last-event-id': String(lastId) });
    await back.waitFor((f) => f.id === String(visible.at(-1)!.id));
    const replayed = back.frames.filter((f) => f.id);
    expect(replayed.map((f) => Number(f.id))).toEqual(visible.map((e) => e.id));
    expect(replayed.map((f) => f.event)).toEqual(visible.map((e) => e.type));
    back.close();
  });

  it('past the replay window the client is told to resync', async () => {
    const s = await stream(acct.users.senior.email, { 'last-event-id': '0' });
    await s.waitFor((f) => f.event === 'resync');
    s.close();
  });

  describe('bell API', () => {
    it('lists own notifications with the unread count, marks one and all read', async () => {
      const h = await escalate();
      const list = await c.senior.get('/api/v1/notifications');
      expect(list.status).toBe(200);
      const item = list.body.items.find((n: any) => n.handoff_id === h.id);
      expect(item).toMatchObject({
        event: 'handoff_created',
        read_at: null,
        link: `/sessions/${h.session_id}?pickup=1`,
      });
      const before = list.body.unread_count;
      expect(before).toBeGreaterThan(0);
      const one = await c.senior.post(`/api/v1/notifications/${item.id}/read`);
      expect(one.body.unread_count).toBe(before - 1);
      expect((await c.senior2.post(`/api/v1/notifications/${item.id}/read`)).status).toBe(404);
      const all = await c.senior.post('/api/v1/notifications/read-all');
      expect(all.body.unread_count).toBe(0);
      expect((await c.senior.get('/api/v1/notifications')).body.items.every((n: any) => n.read_at)).toBe(
        true,
      );
    });

    it('another tenant cannot read or mark them', async () => {
      const other = await createTestAccount(t.db, { senior: 'engineer' });
      const [oc] = Object.values(await clientsFor(testApp.app, other.users));
      const mine = (await c.senior2.get('/api/v1/notifications')).body.items[0];
      expect((await oc!.post(`/api/v1/notifications/${mine.id}/read`)).status).toBe(404);
      expect((await oc!.get('/api/v1/notifications')).body.items).toHaveLength(0);
    });
  });
});
