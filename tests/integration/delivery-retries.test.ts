import { describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { clientsFor } from '../helpers/test-client';
import { onPostgres } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { reply, type Receiver } from '../helpers/http-receiver';
import { manualDeliverySuite } from '../helpers/manual-deliveries';
import { startSession } from '../helpers/sessions';

/**
 * Failure handling under an injected clock: the worker is kicked by hand after the clock moves, so
 * 30 s, 2 min and 10 min of backoff and a second of Slack pacing cost no real time.
 */
describe(`deliveries: retries, failures and pacing (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  // Long enough that a healthy local receiver never times out on a loaded machine, short enough
  // that the hanging receiver below costs little real time.
  const suite = manualDeliverySuite(1_500);
  const { clock, deliver, receiver } = suite;

  /** An account whose owner set up `channels`, and a tech who escalates once per call. */
  async function setup(channels: { kind: string; url: string }[]) {
    const team = await createTestAccount(suite.db, { owner: 'owner', tech: 'tech', senior: 'engineer' });
    const c = await clientsFor(suite.app, team.users);
    const ids: string[] = [];
    for (const [i, ch] of channels.entries()) {
      const res = await c.owner.post('/api/v1/channels', {
        kind: ch.kind,
        name: `${ch.kind} ${i}`,
        target: ch.url,
      });
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.channel.id);
    }
    const escalate = async () => {
      const s = await startSession(c.tech);
      expect(
        (await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).status,
      ).toBe(201);
    };
    const channelRows = () =>
      withTenant(suite.db, team.accountId, (tx) =>
        tx.query<any>(
          `SELECT id, channel_id, status, attempts, last_error, next_attempt_at, sent_at FROM deliveries WHERE channel_id IS NOT NULL ORDER BY created_at, id`,
        ),
      ).then((r) => r.rows);
    // Later tests move the clock far ahead: stop this account's leftovers from waking up there.
    const retire = () =>
      withTenant(suite.db, team.accountId, (tx) =>
        tx.query(`UPDATE deliveries SET status = 'dead' WHERE status IN ('pending', 'failed')`),
      );
    return { team, c, ids, escalate, channelRows, retire };
  }

  it('a 500 is retried after 30 s, 2 min and 10 min, then dead; the log shows it and Retry sends it', async () => {
    const hook = await receiver(reply.status(500));
    const { c, escalate, channelRows } = await setup([{ kind: 'webhook', url: hook.url }]);
    await escalate();
    const schedule = [30_000, 120_000, 600_000];
    await deliver();
    for (const [i, delay] of schedule.entries()) {
      const [row] = await channelRows();
      expect(row).toMatchObject({ status: 'failed', attempts: i + 1, last_error: 'HTTP 500: status 500' });
      expect(row.next_attempt_at.getTime()).toBe(clock.now().getTime() + delay);
      clock.advance(delay - 1_000);
      await deliver();
      expect(hook.requests).toHaveLength(i + 1); // not yet due
      clock.advance(1_000);
      await deliver();
      expect(hook.requests).toHaveLength(i + 2);
    }
    const [dead] = await channelRows();
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: 4,
      last_error: 'HTTP 500: status 500',
      sent_at: null,
    });
    clock.advance(3_600_000);
    await deliver();
    expect(hook.requests).toHaveLength(4);

    const log = await c.owner.get('/api/v1/deliveries?status=dead&limit=10');
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(1);
    const item = log.body.items[0];
    expect(item).toMatchObject({
      id: dead.id,
      channel: 'webhook',
      channel_name: 'webhook 0',
      status: 'dead',
      attempts: 4,
      last_error: 'HTTP 500: status 500',
      event_type: 'handoff_created',
      next_attempt_at: null,
      sent_at: null,
    });
    expect(item.recipient).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…\/CRET$/);
    expect(log.text).not.toContain('SECRET');
    expect(
      (await c.owner.get('/api/v1/deliveries?status=sent')).body.items.every(
        (d: any) => d.channel === 'email',
      ),
    ).toBe(true);
    expect((await c.owner.get('/api/v1/deliveries?status=bogus')).status).toBe(400);
    for (const role of ['senior', 'tech'] as const) {
      expect((await c[role].get('/api/v1/deliveries')).status).toBe(403);
      expect((await c[role].post(`/api/v1/deliveries/${dead.id}/retry`)).status).toBe(403);
    }
    const stranger = await createTestAccount(suite.db, { owner: 'owner' });
    const sc = await clientsFor(suite.app, stranger.users);
    expect((await sc.owner.post(`/api/v1/deliveries/${dead.id}/retry`)).status).toBe(404);
    expect((await sc.owner.get('/api/v1/deliveries')).body.items).toHaveLength(0);

    hook.respond = reply.ok;
    const retried = await c.owner.post(`/api/v1/deliveries/${dead.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.delivery).toMatchObject({ status: 'pending', attempts: 4 });
    await deliver();
    expect(hook.requests).toHaveLength(5);
    const [sent] = await channelRows();
    expect(sent).toMatchObject({ status: 'sent', attempts: 5, last_error: null });
    expect(sent.sent_at.getTime()).toBe(clock.now().getTime());
    expect((await c.owner.post(`/api/v1/deliveries/${dead.id}/retry`)).status).toBe(409);
  });

  it('a timeout, a dropped connection and a redirect are failures with a reason, retried later', async () => {
    const hanging = await receiver(reply.hang);
    const dropping = await receiver(reply.close);
    const redirecting = await receiver(reply.redirect);
    const { escalate, channelRows, ids, retire } = await setup([
      { kind: 'webhook', url: hanging.url },
      { kind: 'slack', url: dropping.url },
      { kind: 'teams', url: redirecting.url },
    ]);
    await escalate();
    const started = performance.now();
    await deliver();
    expect(performance.now() - started).toBeLessThan(5_000);
    const byChannel = Object.fromEntries((await channelRows()).map((r: any) => [r.channel_id, r]));
    expect(byChannel[ids[0]!]).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'timed out after 1500 ms',
    });
    expect(byChannel[ids[1]!]).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: expect.stringMatching(/^connection closed/),
    });
    expect(byChannel[ids[2]!]).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'HTTP 302: redirect not followed',
    });
    expect([hanging, dropping, redirecting].map((r) => r.requests.length)).toEqual([1, 1, 1]);
    for (const row of Object.values(byChannel) as any[])
      expect(row.next_attempt_at.getTime()).toBe(clock.now().getTime() + 30_000);
    await retire();
  });

  it('pacing: a burst to one Slack channel goes out one per second, to Teams four per second', async () => {
    const slack = await receiver();
    const teams = await receiver();
    const { escalate, retire } = await setup([
      { kind: 'slack', url: slack.url },
      { kind: 'teams', url: teams.url },
    ]);
    const at = (r: Receiver) => {
      const times: number[] = [];
      r.onRequest = () => times.push(clock.now().getTime());
      return times;
    };
    const slackTimes = at(slack);
    const teamsTimes = at(teams);
    for (let i = 0; i < 5; i++) await escalate();
    const start = clock.now().getTime();
    await deliver();
    for (let step = 0; step < 24 && slackTimes.length < 5; step++) {
      clock.advance(250);
      await deliver();
    }
    expect(slackTimes).toHaveLength(5);
    expect(teamsTimes).toHaveLength(5);
    const gaps = (ts: number[]) => ts.slice(1).map((x, i) => x - ts[i]!);
    expect(Math.min(...gaps(slackTimes))).toBeGreaterThanOrEqual(1_000);
    expect(slackTimes.at(-1)! - slackTimes[0]!).toBeGreaterThanOrEqual(4_000);
    expect(Math.min(...gaps(teamsTimes))).toBeGreaterThanOrEqual(250);
    // At most four Teams messages in any one-second window.
    for (const x of teamsTimes)
      expect(teamsTimes.filter((y) => y >= x && y < x + 1_000).length).toBeLessThanOrEqual(4);
    expect(slackTimes[0]).toBe(start);
    await retire();
  });
});
