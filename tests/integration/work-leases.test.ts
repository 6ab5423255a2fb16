import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, withTenant } from '../../server/db/tenant';
import { WORK_LEASE_MS } from '../../server/jobs/lease-heartbeat';
import { takeOverAfterRestart } from '../../server/jobs/restart-takeover';
import { newId } from '../../server/lib/crypto';
import { leaseDueDeliveries, renewDeliveryLeases } from '../../server/modules/deliveries/delivery-lease.repo';
import { leaseNextAssessment, renewAssessmentLease } from '../../server/modules/handoffs/assessment';
import { findAbandoned, insertImport, renewLeases } from '../../server/modules/knowledge/imports.repo';
import { createTestApp, type TestApp } from '../helpers/app';
import { manualClock } from '../helpers/clock';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { startSession } from '../helpers/sessions';
import { clientsFor } from '../helpers/test-client';

/**
 * The short leases on background work (`server/jobs/lease-heartbeat.ts`): a holder's renewal never
 * touches a lease someone else took over, and on the embedded database a restart frees at once
 * everything the dead process had leased.
 */
describe(`work leases: renewal and takeover after a restart (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  const clock = manualClock();

  beforeAll(async () => {
    t = await createTestDatabase();
    testApp = createTestApp(t.db, { clock: clock.now });
    // Nothing is assessed on its own here: the tests lease assessments by hand.
    await testApp.assessments.stop();
  });
  afterAll(async () => {
    await testApp.deliveries.stop();
    await t.drop();
  });

  /** A committed escalation: a pending assessment and one outbox row per senior, none leased. */
  async function escalation() {
    const team = await createTestAccount(t.db, { tech: 'tech', owner: 'owner', senior: 'engineer' });
    const tech = (await clientsFor(testApp.app, { tech: team.users.tech })).tech;
    const s = await startSession(tech);
    const res = await tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' });
    expect(res.status).toBe(201);
    return {
      accountId: team.accountId,
      userId: team.users.owner.id,
      handoffId: res.body.handoff.id as string,
    };
  }

  const at = (ms: number) => new Date(clock.now().getTime() + ms);

  /** Leases every pending assessment free at `now` (earlier tests leave some behind); their ids. */
  async function leaseAllAssessments(now: Date) {
    const ids: string[] = [];
    for (let job = await leaseNextAssessment(t.db, now, WORK_LEASE_MS); job;) {
      ids.push(job.id);
      job = await leaseNextAssessment(t.db, now, WORK_LEASE_MS);
    }
    return ids;
  }

  it('an assessment lease is renewed by its holder, taken over once renewals stop, and the old holder then renews nothing', async () => {
    const e = await escalation();
    const first = await leaseNextAssessment(t.db, at(0), WORK_LEASE_MS);
    expect(first).toMatchObject({ id: e.handoffId, account_id: e.accountId });
    expect(await renewAssessmentLease(t.db, first!, at(2_000))).toBe(true);
    expect(first!.heldSince).toEqual(at(2_000));
    // Renewed at +2 s: still held a full lease later, less a millisecond.
    expect(await leaseNextAssessment(t.db, at(2_000 + WORK_LEASE_MS - 1), WORK_LEASE_MS)).toBeUndefined();

    // No renewal for a whole lease: the holder is taken for dead.
    const second = await leaseNextAssessment(t.db, at(2_000 + WORK_LEASE_MS + 1), WORK_LEASE_MS);
    expect(second).toMatchObject({ id: e.handoffId });
    const stale = first!.heldSince;
    expect(await renewAssessmentLease(t.db, first!, at(12_000))).toBe(false);
    expect(first!.heldSince).toEqual(stale);
    const row = await withTenant(t.db, e.accountId, (tx) =>
      tx.query<{ assessment_started_at: Date }>(`SELECT assessment_started_at FROM handoffs WHERE id = $1`, [
        e.handoffId,
      ]),
    );
    expect(row.rows[0]!.assessment_started_at).toEqual(second!.heldSince);
    expect(await renewAssessmentLease(t.db, second!, at(13_000))).toBe(true);
  });

  it('a batch heartbeat renews only the rows still under its token', async () => {
    const e = await escalation();
    const dead = randomUUID();
    const leased = await asSystem(t.db, 'worker', (q) =>
      leaseDueDeliveries(q, at(0), WORK_LEASE_MS, dead, 100),
    );
    const ids = leased.filter((r) => r.account_id === e.accountId).map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(await asSystem(t.db, 'worker', (q) => renewDeliveryLeases(q, ids, dead, at(WORK_LEASE_MS)))).toBe(
      ids.length,
    );
    // Not renewed any more: another worker takes the rows over once the lease has run out.
    const taker = randomUUID();
    const taken = await asSystem(t.db, 'worker', (q) =>
      leaseDueDeliveries(q, at(WORK_LEASE_MS + 1), WORK_LEASE_MS, taker, 100),
    );
    expect(taken.map((r) => r.id)).toEqual(expect.arrayContaining(ids));
    const takerUntil = at(2 * WORK_LEASE_MS + 1);
    // The first holder comes back to life: its renewal finds nothing of its own.
    expect(
      await asSystem(t.db, 'worker', (q) => renewDeliveryLeases(q, ids, dead, at(10 * WORK_LEASE_MS))),
    ).toBe(0);
    const rows = await withTenant(t.db, e.accountId, (tx) =>
      tx.query<{ leased_until: Date; lease_token: string }>(
        `SELECT leased_until, lease_token FROM deliveries WHERE id = ANY($1::uuid[])`,
        [ids],
      ),
    );
    expect(rows.rows.every((r) => r.lease_token === taker)).toBe(true);
    expect(rows.rows.every((r) => r.leased_until.getTime() === takerUntil.getTime())).toBe(true);
    // Leave the rows to the next test as a restart would find them: still leased.
  });

  it.skipIf(onPostgres)(
    'on the embedded database a restart frees at once what the dead process had leased',
    async () => {
      const e = await escalation();
      const dead = randomUUID();
      const leased = await asSystem(t.db, 'worker', (q) =>
        leaseDueDeliveries(q, at(0), WORK_LEASE_MS, dead, 100),
      );
      expect(leased.length).toBeGreaterThan(0);
      expect(await leaseAllAssessments(at(0))).toContain(e.handoffId);
      const imports = await withTenant(t.db, e.accountId, async (tx) => {
        const ids = { files: newId(), psa: newId() };
        await insertImport(tx, {
          id: ids.files,
          accountId: e.accountId,
          kind: 'files',
          total: 1,
          userId: e.userId,
          now: at(0),
        });
        await insertImport(tx, {
          id: ids.psa,
          accountId: e.accountId,
          kind: 'psa_history',
          total: 0,
          userId: e.userId,
          now: at(0),
        });
        await renewLeases(tx, [ids.files, ids.psa], at(WORK_LEASE_MS));
        return ids;
      });
      // Within the lease nothing is free for anyone...
      expect(
        await asSystem(t.db, 'worker', (q) => leaseDueDeliveries(q, at(1), WORK_LEASE_MS, randomUUID(), 100)),
      ).toEqual([]);

      // ...until the restart takes it all over, without waiting.
      const freed = await takeOverAfterRestart(t.db);
      expect(freed.deliveries).toBeGreaterThanOrEqual(leased.length);
      expect(freed.assessments).toBeGreaterThanOrEqual(1);
      expect(freed.imports).toBeGreaterThanOrEqual(2);
      const retaken = await asSystem(t.db, 'worker', (q) =>
        leaseDueDeliveries(q, at(1), WORK_LEASE_MS, randomUUID(), 100),
      );
      expect(retaken.map((r) => r.id)).toEqual(expect.arrayContaining(leased.map((r) => r.id)));
      expect(await leaseAllAssessments(at(1))).toContain(e.handoffId);
      const abandoned = (kind: 'files' | 'psa_history') =>
        asSystem(t.db, 'worker', (q) => findAbandoned(q, kind, at(1))).then((rows) => rows.map((r) => r.id));
      expect(await abandoned('files')).toContain(imports.files);
      expect(await abandoned('psa_history')).toContain(imports.psa);
    },
  );

  it.skipIf(!onPostgres)(
    'on PostgreSQL nothing is freed at start: a lease found may be a live neighbour process’s',
    async () => {
      await expect(takeOverAfterRestart(t.db)).rejects.toThrow(/embedded database only/);
    },
  );
});
