import { expect } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import type { Database } from '../../server/db/types';
import type { EscalationPolicy, PolicyLevel } from '../../shared/escalation-policy';
import type { TestClient } from './test-client';
import { startSession } from './sessions';

/** A controllable clock for the app and its workers: tests move time instead of sleeping. */
export function testClock(start = '2030-03-04T09:00:00.000Z') {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advanceMinutes: (m: number) => {
      t += Math.round(m * 60_000);
    },
  };
}

export const level = (
  after_minutes: number,
  notify: string[],
  channels: PolicyLevel['channels'] = ['in_app', 'email'],
): PolicyLevel => ({
  after_minutes,
  notify,
  channels,
});

export function policy(overrides: Partial<EscalationPolicy> = {}): EscalationPolicy {
  return {
    levels: [level(0, ['owner', 'admin', 'engineer']), level(10, ['admin'])],
    repeat: 0,
    catch_all: level(20, ['owner'], ['in_app']),
    p1_factor: 0.5,
    claim_timeout_minutes: null,
    ...overrides,
  };
}

export async function putPolicy(admin: TestClient, body: unknown) {
  const res = await admin.request('PUT', '/api/v1/escalation-policy', body);
  expect(res.status, res.text).toBe(200);
  return res.body.policy;
}

/** Starts a session as `by` and escalates it; returns the session and the handoff. */
export async function escalate(by: TestClient, body: Record<string, unknown> = {}) {
  const s = await startSession(by, 'Outlook says trying to connect since this morning, webmail works fine', {
    ticket: '7001',
  });
  const res = await by.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
    intent: 'escalate',
    engineer_notes: 'Rebuilt the profile',
    ...body,
  });
  expect(res.status, res.text).toBe(201);
  return { session: s.session, handoff: res.body.handoff };
}

/** Read-only probes into one account's rows (through RLS, as the app would). */
export function probe(db: Database, accountId: string) {
  const rows = async (sql: string, params: unknown[] = []) =>
    (await withTenant(db, accountId, (tx) => tx.query<any>(sql, params))).rows;
  return {
    rows,
    handoff: async (id: string) =>
      (
        await rows(
          `SELECT policy, policy_level, next_fire_at, claim_reminder_at, claim_reminders_sent FROM handoffs WHERE id = $1`,
          [id],
        )
      )[0],
    /** `handoff_escalated` events of a handoff, oldest first. */
    escalations: (id: string) =>
      rows(
        `SELECT id, payload FROM events WHERE type = 'handoff_escalated' AND payload->>'handoff_id' = $1 ORDER BY id`,
        [id],
      ),
    /** Recipients (sorted) of the bell notifications of one kind for a handoff, after `since`. */
    notified: async (id: string, event: string) =>
      (
        await rows(
          `SELECT user_id FROM notifications WHERE handoff_id = $1 AND event = $2 ORDER BY user_id`,
          [id, event],
        )
      ).map((r: any) => r.user_id as string),
    deliveries: (eventId: number) =>
      rows(
        `SELECT channel, recipient, channel_id FROM deliveries WHERE event_id = $1 ORDER BY channel, recipient`,
        [eventId],
      ),
  };
}

export const sorted = (ids: string[]) => [...ids].sort();
