import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { PolicyWorker } from '../../server/jobs/policy-worker';
import { newId } from '../../server/lib/crypto';
import { createLogger } from '../../server/lib/logger';
import { DEFAULT_ESCALATION_POLICY } from '../../shared/escalation-policy';
import { createTestApp, type TestApp } from '../helpers/app';
import { clientsFor, TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';
import { escalate, level, policy, probe, putPolicy, sorted, testClock } from '../helpers/policies';

const TEAM = { ...ALL_ROLES, senior: 'engineer', senior2: 'engineer', tech2: 'tech' } as const;
type Team = Awaited<ReturnType<typeof createTestAccount<keyof typeof TEAM>>>;

describe(`escalation policy (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let otherProcess: PolicyWorker;
  const clock = testClock();

  beforeAll(async () => {
    t = await createTestDatabase();
    testApp = createTestApp(t.db, { clock: clock.now });
    // A second worker, as in another process: both race for the same due rows.
    otherProcess = new PolicyWorker(t.db, createLogger('silent'), clock.now);
  });
  afterAll(async () => {
    await testApp.assessments.stop();
    await testApp.policies.stop();
    await otherProcess.stop();
    await t.drop();
  });

  async function team() {
    const acct: Team = await createTestAccount(t.db, TEAM);
    return { acct, c: await clientsFor(testApp.app, acct.users), db: probe(t.db, acct.accountId) };
  }
  /** Moves time on, runs two workers at once, then once more: a stage must fire exactly once. */
  async function after(minutes: number) {
    clock.advanceMinutes(minutes);
    // A handoff row the assessment is still writing is skipped by the firing (SKIP LOCKED) until the
    // next poll; let the assessment finish so these passes are the ones that fire.
    await testApp.assessments.idle();
    await Promise.all([testApp.policies.runDue(), otherProcess.runDue()]);
    await testApp.policies.runDue();
  }

  describe('admin API', () => {
    it('everyone reads it (the default until saved); only admins and owners change it', async () => {
      const { acct, c } = await team();
      for (const role of Object.keys(TEAM) as (keyof typeof TEAM)[]) {
        const res = await c[role].get('/api/v1/escalation-policy');
        expect(res.status, role).toBe(200);
        expect(res.body.policy).toMatchObject({
          ...DEFAULT_ESCALATION_POLICY,
          is_default: true,
          updated_by: null,
        });
      }
      expect((await new TestClient(testApp.app).get('/api/v1/escalation-policy')).status).toBe(401);
      const body = policy({
        levels: [level(0, ['engineer']), level(5, [acct.users.senior2.id, 'admin'])],
        claim_timeout_minutes: 15,
      });
      for (const role of ['engineer', 'senior', 'tech', 'tech2', 'viewer'] as const) {
        const res = await c[role].request('PUT', '/api/v1/escalation-policy', body);
        expect(res.status, role).toBe(403);
        expect(res.body.message).toBe('Admin or owner access required');
      }
      // The caller's role is checked before the body: a tech with a bad body still gets 403.
      expect((await c.tech.request('PUT', '/api/v1/escalation-policy', { levels: 'nope' })).status).toBe(403);
      const saved = await putPolicy(c.admin, body);
      expect(saved).toMatchObject({
        ...body,
        is_default: false,
        updated_by: { id: acct.users.admin.id, name: acct.users.admin.name },
      });
      expect((await c.viewer.get('/api/v1/escalation-policy')).body.policy.levels[1].notify).toEqual([
        acct.users.senior2.id,
        'admin',
      ]);
      expect((await putPolicy(c.owner, { ...body, repeat: 2 })).repeat).toBe(2);
    });

    it('refuses bad policies with a 400 naming the field, and changes nothing', async () => {
      const { acct, c } = await team();
      const other = await createTestAccount(t.db, { owner: 'owner', senior: 'engineer' });
      await c.owner.patch(`/api/v1/members/${acct.users.senior2.id}`, { is_active: false });
      const good = await putPolicy(c.admin, policy({ repeat: 1 }));
      const bad: [string, unknown][] = [
        ['levels.0.after_minutes', policy({ levels: [level(5, ['owner'])] })],
        ['levels.1.after_minutes', policy({ levels: [level(0, ['owner']), level(0, ['admin'])] })],
        ['levels', policy({ levels: [] })],
        ['levels.0.notify', policy({ levels: [level(0, [])] })],
        ['levels.0.notify.0', policy({ levels: [level(0, ['tech'])] })],
        ['levels.0.channels.0', policy({ levels: [level(0, ['owner'], ['sms' as never])] })],
        ['levels.0.channels', policy({ levels: [level(0, ['owner'], [])] })],
        ['repeat', policy({ repeat: 11 })],
        ['repeat', policy({ levels: [level(0, ['owner'])], repeat: 1 })],
        ['p1_factor', policy({ p1_factor: 0 })],
        ['p1_factor', policy({ p1_factor: 1.5 })],
        ['claim_timeout_minutes', policy({ claim_timeout_minutes: 0 })],
        ['catch_all.after_minutes', policy({ catch_all: level(0, ['owner']) })],
        ['levels.1.notify.0', policy({ levels: [level(0, ['owner']), level(5, [acct.users.tech.id])] })],
        ['levels.1.notify.0', policy({ levels: [level(0, ['owner']), level(5, [acct.users.senior2.id])] })],
        ['catch_all.notify.1', policy({ catch_all: level(5, ['owner', other.users.senior.id]) })],
        ['levels', { repeat: 0 }],
      ];
      for (const [path, body] of bad) {
        const res = await c.admin.request('PUT', '/api/v1/escalation-policy', body);
        expect(res.status, path).toBe(400);
        expect(res.body.code).toBe('VALIDATION_ERROR');
        expect(
          res.body.details.map((d: any) => d.path),
          path,
        ).toContain(path);
      }
      expect(
        (
          await c.admin.request('PUT', '/api/v1/escalation-policy', '{not json', {
            'content-type': 'application/json',
          })
        ).status,
      ).toBe(400);
      expect((await c.admin.get('/api/v1/escalation-policy')).body.policy).toEqual(good);
    });

    it('is per account: another account neither sees nor changes it', async () => {
      const a = await team();
      const b = await team();
      await putPolicy(a.c.admin, policy({ p1_factor: 0.25 }));
      expect((await b.c.admin.get('/api/v1/escalation-policy')).body.policy).toMatchObject({
        is_default: true,
        p1_factor: 0.5,
      });
      await putPolicy(b.c.owner, policy({ p1_factor: 0.75 }));
      expect((await a.c.senior.get('/api/v1/escalation-policy')).body.policy.p1_factor).toBe(0.25);
      // Row-level security: inside account B's tenant scope only B's policy row exists.
      expect(await b.db.rows(`SELECT account_id FROM escalation_policies`)).toEqual([
        { account_id: b.acct.accountId },
      ]);
    });
  });

  describe('at escalation', () => {
    it('snapshots the policy: editing it later leaves the in-flight escalation alone', async () => {
      const { acct, c, db } = await team();
      const first = policy({ levels: [level(0, ['engineer']), level(5, [acct.users.senior2.id])] });
      await putPolicy(c.admin, first);
      const { handoff } = await escalate(c.tech);
      const row = await db.handoff(handoff.id);
      expect(row.policy).toEqual(first);
      expect(row.policy_level).toBe(0);
      expect(new Date(row.next_fire_at).getTime()).toBe(clock.now().getTime() + 5 * 60_000);
      // Level 0 of this policy: engineers only.
      expect(await db.notified(handoff.id, 'handoff_created')).toEqual(
        sorted([acct.users.engineer.id, acct.users.senior.id, acct.users.senior2.id]),
      );

      await putPolicy(c.admin, policy({ levels: [level(0, ['owner']), level(60, ['owner'])] }));
      expect((await db.handoff(handoff.id)).policy).toEqual(first);
      await after(5);
      expect((await db.escalations(handoff.id)).map((e: any) => e.payload.recipient_ids)).toEqual([
        [acct.users.senior2.id],
      ]);
      const later = await escalate(c.tech2);
      expect(await db.notified(later.handoff.id, 'handoff_created')).toEqual([acct.users.owner.id]);
    });

    it('level 0 uses its channels; a target is notified alone first and the policy takes over from level 1', async () => {
      const { acct, c, db } = await team();
      await putPolicy(
        c.admin,
        policy({ levels: [level(0, ['admin'], ['in_app']), level(10, ['engineer'])] }),
      );
      const { handoff } = await escalate(c.tech);
      expect(await db.notified(handoff.id, 'handoff_created')).toEqual([acct.users.admin.id]);
      const [created] = await db.rows(
        `SELECT id FROM events WHERE type = 'handoff_created' AND payload->>'handoff_id' = $1`,
        [handoff.id],
      );
      expect(await db.deliveries(created.id)).toEqual([]);

      const targeted = await escalate(c.tech2, { target_user_id: acct.users.senior2.id });
      expect(await db.notified(targeted.handoff.id, 'handoff_created')).toEqual([acct.users.senior2.id]);
      await after(10);
      expect(await db.notified(targeted.handoff.id, 'handoff_escalated')).toEqual(
        sorted([acct.users.engineer.id, acct.users.senior.id, acct.users.senior2.id]),
      );
    });
  });

  describe('the policy worker', () => {
    it('fires each stage once, stops on claim, restarts on release, ends with the catch-all', async () => {
      const { acct, c, db } = await team();
      const u = acct.users;
      await putPolicy(
        c.admin,
        policy({
          levels: [level(0, ['engineer']), level(10, ['admin', u.senior2.id])],
          repeat: 1,
          catch_all: level(20, ['owner'], ['in_app']),
        }),
      );
      const { session, handoff } = await escalate(c.tech);
      await after(9);
      expect(await db.escalations(handoff.id)).toEqual([]);

      await after(1);
      const [first, ...none] = await db.escalations(handoff.id);
      expect(none).toEqual([]);
      expect(first.payload).toMatchObject({
        handoff_id: handoff.id,
        session_id: session.id,
        policy_level: 1,
        stage: 'level',
      });
      expect(sorted(first.payload.recipient_ids)).toEqual(sorted([u.admin.id, u.senior2.id]));
      expect(await db.notified(handoff.id, 'handoff_escalated')).toEqual(sorted([u.admin.id, u.senior2.id]));
      const [note] = await db.rows(
        `SELECT title, link FROM notifications WHERE handoff_id = $1 AND event = 'handoff_escalated' LIMIT 1`,
        [handoff.id],
      );
      expect(note).toEqual({
        title: `Still unclaimed after 10 min: Escalation from ${u.tech.name} · #7001: ${session.problem_summary}`,
        link: `/sessions/${session.id}?pickup=1`,
      });
      expect((await db.deliveries(first.id)).map((d: any) => d.recipient)).toEqual(
        sorted([u.admin.email, u.senior2.email]),
      );
      expect(
        (await c.senior.get('/api/v1/handoffs/queue')).body.items.find((i: any) => i.id === handoff.id)
          .policy_level,
      ).toBe(1);

      // A claim stops the policy, however long the claim lasts.
      expect((await c.senior.post(`/api/v1/handoffs/${handoff.id}/claim`)).status).toBe(200);
      expect((await db.handoff(handoff.id)).next_fire_at).toBeNull();
      await after(60);
      expect(await db.escalations(handoff.id)).toHaveLength(1);

      // Release restarts from the next stage not yet fired (the repeat of level 1), a full wait later.
      expect((await c.senior.post(`/api/v1/handoffs/${handoff.id}/release`)).status).toBe(200);
      expect(new Date((await db.handoff(handoff.id)).next_fire_at).getTime()).toBe(
        clock.now().getTime() + 10 * 60_000,
      );
      await after(9);
      expect(await db.escalations(handoff.id)).toHaveLength(1);
      await after(1);
      await after(19);
      expect(
        (await db.escalations(handoff.id)).map((e: any) => [e.payload.policy_level, e.payload.stage]),
      ).toEqual([
        [1, 'level'],
        [2, 'repeat'],
      ]);
      await after(1);
      const all = await db.escalations(handoff.id);
      expect(all.map((e: any) => [e.payload.policy_level, e.payload.stage])).toEqual([
        [1, 'level'],
        [2, 'repeat'],
        [3, 'catch_all'],
      ]);
      expect(all[2].payload.recipient_ids).toEqual([u.owner.id]);
      expect(await db.deliveries(all[2].id)).toEqual([]); // the catch-all is in-app only
      expect(await db.handoff(handoff.id)).toMatchObject({ policy_level: 3, next_fire_at: null });
      await after(24 * 60);
      expect(await db.escalations(handoff.id)).toHaveLength(3);
    });

    it('P1 shortens every wait by the policy factor', async () => {
      const { c, db } = await team();
      await putPolicy(c.admin, policy({ p1_factor: 0.5 }));
      const p1 = await escalate(c.tech, { priority: 'p1' });
      const p3 = await escalate(c.tech2, { priority: 'p3' });
      await after(5);
      expect((await db.escalations(p1.handoff.id)).map((e: any) => e.payload.policy_level)).toEqual([1]);
      expect(await db.escalations(p3.handoff.id)).toEqual([]);
      await after(5);
      expect(await db.escalations(p3.handoff.id)).toHaveLength(1);
      expect(await db.escalations(p1.handoff.id)).toHaveLength(1);
      await after(5); // the catch-all: 20 min × 0.5 after level 1
      expect((await db.escalations(p1.handoff.id)).map((e: any) => e.payload.stage)).toEqual([
        'level',
        'catch_all',
      ]);
      expect((await db.handoff(p1.handoff.id)).next_fire_at).toBeNull();
      expect(await db.escalations(p3.handoff.id)).toHaveLength(1);
    });

    it('sends the stage to subscribed chat channels it lists, and skips resolved escalations', async () => {
      const { acct, c, db } = await team();
      const slack = newId();
      await withTenant(t.db, acct.accountId, async (tx) => {
        for (const [id, kind] of [
          [slack, 'slack'],
          [newId(), 'teams'],
        ]) {
          await tx.query(
            `INSERT INTO notification_channels (id, account_id, kind, name, target_encrypted, events) VALUES ($1, $2, $3::text, $3::text, 'x', ARRAY['handoff_escalated'])`,
            [id, acct.accountId, kind],
          );
        }
      });
      await putPolicy(
        c.admin,
        policy({ levels: [level(0, ['owner']), level(10, ['admin'], ['in_app', 'slack'])], catch_all: null }),
      );
      const { handoff } = await escalate(c.tech);
      const resolved = await escalate(c.tech2);
      expect(
        (
          await c.tech2.post(`/api/v1/sessions/${resolved.session.id}/resolve`, {
            root_cause: 'Stale autodiscover record',
            resolution_summary: 'Fixed the DNS record',
          })
        ).status,
      ).toBe(200);
      await after(10);
      const [fired] = await db.escalations(handoff.id);
      expect(await db.deliveries(fired.id)).toEqual([
        { channel: 'slack', recipient: slack, channel_id: slack },
      ]);
      expect(await db.escalations(resolved.handoff.id)).toEqual([]);
    });

    it('claim timeout: no first action reminds the claimer, then the admins, once each', async () => {
      const { acct, c, db } = await team();
      const u = acct.users;
      await putPolicy(c.admin, policy({ claim_timeout_minutes: 15 }));
      const idle = await escalate(c.tech);
      const busy = await escalate(c.tech2);
      await c.senior.post(`/api/v1/handoffs/${idle.handoff.id}/claim`);
      await c.senior2.post(`/api/v1/handoffs/${busy.handoff.id}/claim`);
      await after(5);
      expect(
        (
          await c.senior2.post(`/api/v1/sessions/${busy.session.id}/facts`, {
            text: 'Mailbox is on the new tenant',
          })
        ).status,
      ).toBe(201);
      await after(10);
      expect(await db.notified(idle.handoff.id, 'claim_timeout')).toEqual([u.senior.id]);
      expect(await db.notified(busy.handoff.id, 'claim_timeout')).toEqual([]);
      expect((await db.handoff(busy.handoff.id)).claim_reminder_at).toBeNull();
      await after(14);
      expect(await db.notified(idle.handoff.id, 'claim_timeout')).toEqual([u.senior.id]);
      await after(1);
      expect(await db.notified(idle.handoff.id, 'claim_timeout')).toEqual(
        sorted([u.senior.id, u.admin.id, u.owner.id]),
      );
      await after(120);
      expect(await db.notified(idle.handoff.id, 'claim_timeout')).toHaveLength(3);
      expect(await db.handoff(idle.handoff.id)).toMatchObject({
        claim_reminders_sent: 2,
        claim_reminder_at: null,
      });
      // The claim stopped the policy itself: nothing re-escalated meanwhile.
      expect(await db.escalations(idle.handoff.id)).toEqual([]);
    });
  });
});
