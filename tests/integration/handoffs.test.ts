import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { createTestApp, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { answerCurrent, startSession } from '../helpers/sessions';

const TEAM = {
  owner: 'owner',
  admin: 'admin',
  senior: 'engineer',
  senior2: 'engineer',
  tech: 'tech',
  tech2: 'tech',
  viewer: 'viewer',
  gone: 'engineer',
} as const;

describe('escalation core', () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let app: TestApp['app'];
  let acct: Awaited<ReturnType<typeof createTestAccount<keyof typeof TEAM>>>;
  let c: Record<keyof typeof TEAM, TestClient>;

  beforeAll(async () => {
    t = await createTestDatabase();
    testApp = createTestApp(t.db);
    app = testApp.app;
    acct = await createTestAccount(t.db, TEAM);
    c = await clientsFor(app, acct.users);
    await c.owner.patch(`/api/v1/members/${acct.users.gone.id}`, { is_active: false });
  });
  afterAll(async () => {
    await testApp.assessments.stop();
    await t.drop();
  });

  async function escalated(body: Record<string, unknown> = {}, problem?: string, by: TestClient = c.tech) {
    const s = await startSession(by, problem, { ticket: '#5521' });
    await answerCurrent(by, s);
    const res = await by.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
      intent: 'escalate',
      engineer_notes: 'Tried a new profile, still stuck',
      ...body,
    });
    expect(res.status, res.text).toBe(201);
    return { session: s.session, handoff: res.body.handoff };
  }

  const rows = (sql: string, params: unknown[]) =>
    withTenant(t.db, acct.accountId, (tx) => tx.query<any>(sql, params)).then((r) => r.rows);

  it('escalating writes handoff, snapshot, session status, notifications, event, deliveries and audit in one go', async () => {
    const { session, handoff } = await escalated({ priority: 'p1' });
    expect(handoff).toMatchObject({
      intent: 'escalate',
      priority: 'p1',
      assessment_status: 'pending',
      claimed_by: null,
      handed_off_by: { id: acct.users.tech.id },
    });
    expect(handoff.snapshot).toMatchObject({
      problem_summary: session.problem_summary,
      ticket: '5521',
      engineer_notes: 'Tried a new profile, still stuck',
      priority: 'p1',
    });
    expect(handoff.snapshot.steps[0].answer ?? handoff.snapshot.steps[0].outcome).not.toBeNull();
    expect(handoff.snapshot.engine_state).toBeUndefined();
    expect(typeof handoff.snapshot.time_spent_hours).toBe('number');

    const view = await c.tech.get(`/api/v1/sessions/${session.id}`);
    expect(view.body.session).toMatchObject({
      status: 'requesting_escalation',
      escalation_reason: 'Tried a new profile, still stuck',
      priority: 'p1',
    });
    expect(view.body.session.escalated_at).not.toBeNull();

    const notes = await rows(`SELECT user_id, title, link, event FROM notifications WHERE handoff_id = $1`, [
      handoff.id,
    ]);
    const recipients = notes.map((n: any) => n.user_id).sort();
    // Active seniors only: not the escalator, not techs or viewers, not the deactivated engineer.
    expect(recipients).toEqual(
      [acct.users.owner.id, acct.users.admin.id, acct.users.senior.id, acct.users.senior2.id].sort(),
    );
    const summary = session.problem_summary;
    const snippet = summary.length > 70 ? `${summary.slice(0, 70)}…` : summary;
    expect(notes[0].title).toBe(`Escalation from ${acct.users.tech.name} · #5521: ${snippet}`);
    expect(notes[0].link).toBe(`/sessions/${session.id}?pickup=1`);

    const events = await rows(`SELECT id, type, payload FROM events WHERE payload->>'handoff_id' = $1`, [
      handoff.id,
    ]);
    expect(events.map((e: any) => e.type)).toContain('handoff_created');
    const created = events.find((e: any) => e.type === 'handoff_created');
    const deliveries = await rows(`SELECT channel, recipient, status FROM deliveries WHERE event_id = $1`, [
      created.id,
    ]);
    expect(deliveries).toHaveLength(4);
    expect(deliveries.every((d: any) => d.channel === 'email' && d.status === 'pending')).toBe(true);
    expect(deliveries.map((d: any) => d.recipient)).toContain(acct.users.senior.email);
    const audit = await rows(`SELECT action FROM audit_log WHERE target_id = $1`, [handoff.id]);
    expect(audit.map((a: any) => a.action)).toEqual(['handoff.escalate']);
  });

  it('drops " · #ticket" from the title when there is no ticket and cuts long problems at 70 characters', async () => {
    const long =
      'Outlook says trying to connect since this morning and webmail works fine for the user at the front desk';
    const s = await startSession(c.tech2, long);
    const res = await c.tech2.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' });
    const [n] = await rows(`SELECT title FROM notifications WHERE handoff_id = $1 LIMIT 1`, [
      res.body.handoff.id,
    ]);
    expect(n.title).toBe(
      `Escalation from ${acct.users.tech2.name}: ${s.session.problem_summary.slice(0, 70)}…`,
    );
  });

  it('one open escalation per session; only the owner, only from active or paused', async () => {
    const { session } = await escalated();
    const second = await c.tech.post(`/api/v1/sessions/${session.id}/handoffs`, { intent: 'escalate' });
    expect(second.status).toBe(409);
    const s2 = await startSession(c.tech);
    expect(
      (await c.senior.post(`/api/v1/sessions/${s2.session.id}/handoffs`, { intent: 'escalate' })).status,
    ).toBe(403);
    expect(
      (await c.viewer.post(`/api/v1/sessions/${s2.session.id}/handoffs`, { intent: 'escalate' })).status,
    ).toBe(403);
    await c.tech.post(`/api/v1/sessions/${s2.session.id}/pause`);
    expect(
      (await c.tech.post(`/api/v1/sessions/${s2.session.id}/handoffs`, { intent: 'escalate' })).status,
    ).toBe(201);
    const s3 = await startSession(c.tech);
    await c.tech.post(`/api/v1/sessions/${s3.session.id}/abandon`);
    const late = await c.tech.post(`/api/v1/sessions/${s3.session.id}/handoffs`, { intent: 'escalate' });
    expect(late.status).toBe(409);
    expect(late.body.current_status).toBe('abandoned');
  });

  it('validates the target: a senior member, not the caller; a targeted escalation notifies the target first', async () => {
    const s = await startSession(c.senior);
    for (const target of [
      acct.users.tech2.id,
      acct.users.viewer.id,
      acct.users.gone.id,
      acct.users.senior.id,
      '00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await c.senior.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
        intent: 'escalate',
        target_user_id: target,
      });
      expect(res.status, target).toBe(400);
    }
    expect(
      (
        await c.senior.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
          intent: 'escalate',
          target_user_id: 'nope',
        })
      ).status,
    ).toBe(400);
    const ok = await c.senior.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
      intent: 'escalate',
      target_user_id: acct.users.senior2.id,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.handoff.target_user_id).toBe(acct.users.senior2.id);
    const notes = await rows(`SELECT user_id FROM notifications WHERE handoff_id = $1`, [ok.body.handoff.id]);
    expect(notes.map((n: any) => n.user_id)).toEqual([acct.users.senior2.id]);
  });

  it('a park is private: no queue, no notifications, no event, only its author sees it', async () => {
    const s = await startSession(c.tech);
    const res = await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
      intent: 'park',
      engineer_notes: 'Back after lunch',
    });
    expect(res.status).toBe(201);
    const id = res.body.handoff.id;
    expect(await rows(`SELECT * FROM notifications WHERE handoff_id = $1`, [id])).toHaveLength(0);
    expect(await rows(`SELECT * FROM events WHERE payload->>'handoff_id' = $1`, [id])).toHaveLength(0);
    expect((await c.senior.get('/api/v1/handoffs/queue')).body.items.map((i: any) => i.id)).not.toContain(id);
    expect((await c.senior.get(`/api/v1/handoffs/${id}`)).status).toBe(404);
    expect((await c.tech.get(`/api/v1/handoffs/${id}`)).status).toBe(200);
    expect((await c.tech.get(`/api/v1/sessions/${s.session.id}`)).body.session.status).toBe('active');
    expect((await c.senior.get(`/api/v1/sessions/${s.session.id}/handoffs`)).body.items).toHaveLength(0);
  });

  it('the queue: seniors only, unclaimed, not their own, oldest first, with the card fields', async () => {
    const a = await escalated();
    const b = await escalated({}, undefined, c.senior2);
    for (const role of ['tech', 'viewer'] as const) {
      const res = await c[role].get('/api/v1/handoffs/queue');
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('Engineer or admin access required');
    }
    const q = await c.senior.get('/api/v1/handoffs/queue');
    const ids = q.body.items.map((i: any) => i.id);
    expect(ids.indexOf(a.handoff.id)).toBeLessThan(ids.indexOf(b.handoff.id));
    expect(q.body.items.find((i: any) => i.id === a.handoff.id)).toMatchObject({
      session_id: a.session.id,
      problem_summary: a.session.problem_summary,
      handed_off_by: { id: acct.users.tech.id, name: acct.users.tech.name },
      engineer_notes: 'Tried a new profile, still stuck',
      ticket: '5521',
      steps_tried: 1,
      policy_level: 0,
      priority: 'p3',
    });
    expect((await c.senior2.get('/api/v1/handoffs/queue')).body.items.map((i: any) => i.id)).not.toContain(
      b.handoff.id,
    );
  });

  describe('claim and release', () => {
    it('role gate, escalator refused, winner 200 with the session escalated to them, loser 409 naming the winner', async () => {
      const { session, handoff } = await escalated({}, undefined, c.senior2);
      for (const role of ['tech', 'viewer'] as const) {
        const res = await c[role].post(`/api/v1/handoffs/${handoff.id}/claim`);
        expect(res.status).toBe(403);
        expect(res.body.message).toBe('Engineer or admin access required');
      }
      expect((await c.senior2.post(`/api/v1/handoffs/${handoff.id}/claim`)).status).toBe(403);
      const won = await c.senior.post(`/api/v1/handoffs/${handoff.id}/claim`);
      expect(won.status).toBe(200);
      expect(won.body.handoff.claimed_by).toEqual({ id: acct.users.senior.id, name: acct.users.senior.name });
      expect((await c.senior.post(`/api/v1/handoffs/${handoff.id}/claim`)).status).toBe(200);
      const lost = await c.admin.post(`/api/v1/handoffs/${handoff.id}/claim`);
      expect(lost.status).toBe(409);
      expect(lost.body).toMatchObject({
        code: 'ALREADY_CLAIMED',
        claimed_by: { id: acct.users.senior.id, name: acct.users.senior.name },
        claimed_at: won.body.handoff.claimed_at,
      });
      const view = await c.senior2.get(`/api/v1/sessions/${session.id}`);
      expect(view.body.session).toMatchObject({ status: 'escalated', escalated_to_id: acct.users.senior.id });
      const events = await rows(`SELECT type FROM events WHERE payload->>'handoff_id' = $1 ORDER BY id`, [
        handoff.id,
      ]);
      expect(events.filter((e: any) => e.type === 'handoff_claimed')).toHaveLength(1);
      const toEscalator = await rows(
        `SELECT title, link FROM notifications WHERE user_id = $1 AND handoff_id = $2 AND event = 'handoff_claimed'`,
        [acct.users.senior2.id, handoff.id],
      );
      expect(toEscalator).toEqual([
        { title: `${acct.users.senior.name} picked up your escalation`, link: `/sessions/${session.id}` },
      ]);
      expect((await c.senior.get('/api/v1/handoffs/queue')).body.items.map((i: any) => i.id)).not.toContain(
        handoff.id,
      );
    });

    it('after a claim the claimer works the session and the owner only reads it', async () => {
      const { session, handoff } = await escalated();
      await c.senior.post(`/api/v1/handoffs/${handoff.id}/claim`);
      const view = await c.senior.get(`/api/v1/sessions/${session.id}`);
      const step = view.body.current_step;
      expect(
        (await c.tech.post(`/api/v1/sessions/${session.id}/steps/${step.id}/answer`, { skipped: true }))
          .status,
      ).toBe(403);
      expect((await c.tech.get(`/api/v1/sessions/${session.id}`)).status).toBe(200);
      const answered = await c.senior.post(
        `/api/v1/sessions/${session.id}/steps/${step.id}/answer`,
        step.kind === 'action' ? { outcome: 'worked' } : { skipped: true },
      );
      expect(answered.status).toBe(200);
      expect(answered.body.steps.find((s: any) => s.id === step.id).actor_user_id).toBe(acct.users.senior.id);
      expect(
        (
          await c.senior.post(`/api/v1/sessions/${session.id}/facts`, {
            text: 'DNS points at the old server',
          })
        ).status,
      ).toBe(201);
      const resolved = await c.senior.post(`/api/v1/sessions/${session.id}/resolve`, {
        root_cause: 'Stale DNS',
        resolution_summary: 'Fixed the record',
      });
      expect(resolved.status).toBe(200);
      const h = await c.senior.get(`/api/v1/handoffs/${handoff.id}`);
      expect(h.body.handoff.resolved_at).not.toBeNull();
    });

    it('the claimer can ask the assistant for a step when none is waiting; the owner cannot', async () => {
      const { session, handoff } = await escalated();
      await c.senior.post(`/api/v1/handoffs/${handoff.id}/claim`);
      await testApp.assessments.idle();
      // Answer until the assistant has nothing waiting (a confirmed fix ends its proposals).
      let view = (await c.senior.get(`/api/v1/sessions/${session.id}`)).body;
      for (let i = 0; i < 12 && view.current_step; i++) {
        const st = view.current_step;
        const body =
          st.kind === 'resolution_suggestion'
            ? { option: 'fixed' }
            : st.kind === 'action'
              ? { outcome: 'worked' }
              : { option: st.content.options[0].value };
        view = (await c.senior.post(`/api/v1/sessions/${session.id}/steps/${st.id}/answer`, body)).body;
      }
      expect(view.current_step).toBeNull();
      expect((await c.tech.post(`/api/v1/sessions/${session.id}/ask`)).status).toBe(403);
      const asked = await c.senior.post(`/api/v1/sessions/${session.id}/ask`);
      expect(asked.status).toBe(200);
      expect(asked.body.steps).toHaveLength(view.steps.length + 1);
      expect(asked.body.steps.at(-1).source).toBe('assistant');
      // Asking again while a step is waiting proposes nothing new.
      const again = await c.senior.post(`/api/v1/sessions/${session.id}/ask`);
      expect(again.body.steps.length).toBe(asked.body.steps.length);
    });

    it('release: by the claimer or an admin, back to the queue with an event; others 403', async () => {
      const { session, handoff } = await escalated();
      await c.senior.post(`/api/v1/handoffs/${handoff.id}/claim`);
      expect((await c.senior2.post(`/api/v1/handoffs/${handoff.id}/release`)).status).toBe(403);
      expect((await c.tech.post(`/api/v1/handoffs/${handoff.id}/release`)).status).toBe(403);
      const released = await c.senior.post(`/api/v1/handoffs/${handoff.id}/release`);
      expect(released.status).toBe(200);
      expect(released.body.handoff).toMatchObject({ claimed_by: null });
      expect((await c.senior.get(`/api/v1/sessions/${session.id}`)).body.session).toMatchObject({
        status: 'requesting_escalation',
        escalated_to_id: null,
      });
      expect((await c.senior2.get('/api/v1/handoffs/queue')).body.items.map((i: any) => i.id)).toContain(
        handoff.id,
      );
      expect((await c.senior.post(`/api/v1/handoffs/${handoff.id}/release`)).status).toBe(409);
      await c.senior2.post(`/api/v1/handoffs/${handoff.id}/claim`);
      expect((await c.admin.post(`/api/v1/handoffs/${handoff.id}/release`)).status).toBe(200);
      const events = await rows(`SELECT type FROM events WHERE payload->>'handoff_id' = $1 ORDER BY id`, [
        handoff.id,
      ]);
      expect(
        events
          .map((e: any) => e.type)
          .filter((x: string) => x !== 'handoff_assessment_ready' && x !== 'notification'),
      ).toEqual([
        'handoff_created',
        'handoff_claimed',
        'handoff_released',
        'handoff_claimed',
        'handoff_released',
      ]);
    });

    it('a resolve racing a claim: whichever commits first wins and the state agrees with it', async () => {
      const { session, handoff } = await escalated();
      const [resolve, claim] = await Promise.all([
        c.tech.post(`/api/v1/sessions/${session.id}/resolve`, {
          root_cause: 'User error',
          resolution_summary: 'Explained the setting',
        }),
        c.senior.post(`/api/v1/handoffs/${handoff.id}/claim`),
      ]);
      // Both requests leave at once, so either may reach the database first (both orders were seen).
      if (resolve.status === 200) {
        // The resolve won: a claim after it is refused and the session stays resolved.
        expect([200, 409]).toContain(claim.status);
        const view = await c.tech.get(`/api/v1/sessions/${session.id}`);
        expect(view.body.session.status).toBe('resolved');
        const late = await c.senior2.post(`/api/v1/handoffs/${handoff.id}/claim`);
        expect(late.status).toBe(409);
        expect((await c.senior.get('/api/v1/handoffs/queue')).body.items.map((i: any) => i.id)).not.toContain(
          handoff.id,
        );
      } else {
        // The claim won: the senior works the session now, so the tech may no longer resolve it.
        expect(resolve.status).toBe(403);
        expect(claim.status).toBe(200);
        const view = await c.senior.get(`/api/v1/sessions/${session.id}`);
        expect(view.body.session).toMatchObject({
          status: 'escalated',
          escalated_to_id: acct.users.senior.id,
        });
      }
    });
  });

  it('the built-in assessment arrives in the background from the snapshot', async () => {
    const { handoff } = await escalated(
      {},
      'Outlook says trying to connect since this morning, webmail works fine',
    );
    await testApp.assessments.idle();
    const res = await c.senior.get(`/api/v1/handoffs/${handoff.id}`);
    expect(res.body.handoff.assessment_status).toBe('ready');
    const a = res.body.handoff.assessment;
    expect(a).toMatchObject({
      provider: 'builtin',
      fallback: false,
      confidence: expect.stringMatching(/^(low|medium|high)$/),
    });
    expect(a.likely_cause.length).toBeGreaterThan(10);
    expect(a.suggested_steps.length).toBeGreaterThan(0);
    expect(a.tried.length + a.what_we_know.length).toBeGreaterThan(0);
    expect(a.sources.map((s: any) => s.id)).toContain('outlook-disconnected-profile-corrupt');
    // Steps already tried are not suggested again.
    for (const s of res.body.handoff.snapshot.steps) expect(a.suggested_steps).not.toContain(s.text);
    const events = await rows(
      `SELECT payload FROM events WHERE type = 'handoff_assessment_ready' AND payload->>'handoff_id' = $1`,
      [handoff.id],
    );
    expect(events).toHaveLength(1);
  });

  it('tenant isolation: every escalation route answers 404 for another account’s ids', async () => {
    const { session, handoff } = await escalated();
    const other = await createTestAccount(t.db, { owner: 'owner', senior: 'engineer', tech: 'tech' });
    const oc = await clientsFor(app, other.users);
    expect(
      (await oc.tech.post(`/api/v1/sessions/${session.id}/handoffs`, { intent: 'escalate' })).status,
    ).toBe(404);
    expect((await oc.senior.get(`/api/v1/sessions/${session.id}/handoffs`)).status).toBe(404);
    expect((await oc.senior.get(`/api/v1/handoffs/${handoff.id}`)).status).toBe(404);
    expect((await oc.senior.post(`/api/v1/handoffs/${handoff.id}/claim`)).status).toBe(404);
    expect((await oc.owner.post(`/api/v1/handoffs/${handoff.id}/release`)).status).toBe(404);
    expect((await oc.senior.get('/api/v1/handoffs/queue')).body.items).toHaveLength(0);
    expect((await c.senior.get(`/api/v1/handoffs/${handoff.id}`)).body.handoff.claimed_by).toBeNull();
  });

  it('read access: any member reads an escalation in transit; a tech reads their own handoffs', async () => {
    const { session, handoff } = await escalated();
    expect((await c.tech2.get(`/api/v1/handoffs/${handoff.id}`)).status).toBe(200);
    expect((await c.viewer.get(`/api/v1/sessions/${session.id}/handoffs`)).body.items).toHaveLength(1);
    expect((await c.tech.get(`/api/v1/sessions/${session.id}/handoffs`)).body.items[0].id).toBe(handoff.id);
  });
});
