import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { manualClock } from '../helpers/clock';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { startReceiver, type Receiver } from '../helpers/http-receiver';
import { answerCurrent, startSession } from '../helpers/sessions';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

const TEAM = {
  owner: 'owner',
  admin: 'admin',
  senior: 'engineer',
  tech: 'tech',
  viewer: 'viewer',
  gone: 'engineer',
} as const;
const NOTES = 'Tried <script>alert(1)</script> & a new "profile"';

describe(`deliveries: email, Slack, Teams and webhooks (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let smtp: SmtpCatcher;
  let slack: Receiver;
  let teams: Receiver;
  let hook: Receiver;
  const clock = manualClock();
  let testApp: TestApp;
  let acct: Awaited<ReturnType<typeof createTestAccount<keyof typeof TEAM>>>;
  let c: Record<keyof typeof TEAM, TestClient>;

  beforeAll(async () => {
    [t, smtp, slack, teams, hook] = await Promise.all([
      createTestDatabase(),
      startSmtpCatcher(),
      startReceiver(),
      startReceiver(),
      startReceiver(),
    ]);
    const config = testConfig({ SMTP_URL: smtp.url, ALLOW_PRIVATE_WEBHOOKS: 'true' });
    testApp = createTestApp(t.db, { config, clock: clock.now, deliveries: { autoKick: true } });
    acct = await createTestAccount(t.db, TEAM);
    c = await clientsFor(testApp.app, acct.users);
    await c.owner.patch(`/api/v1/members/${acct.users.gone.id}`, { is_active: false });
  });
  afterAll(async () => {
    await testApp.deliveries.stop();
    await testApp.assessments.stop();
    await Promise.all([smtp.close(), slack.close(), teams.close(), hook.close()]);
    await t.drop();
  });

  const deliver = async () => {
    testApp.deliveries.kick();
    await testApp.deliveries.idle();
  };
  const rows = (accountId: string, sql: string, params: unknown[] = []) =>
    withTenant(t.db, accountId, (tx) => tx.query<any>(sql, params)).then((r) => r.rows);

  async function escalate(by: TestClient, body: Record<string, unknown> = {}) {
    const s = await startSession(by, undefined, { ticket: '#5521' });
    await answerCurrent(by, s);
    const res = await by.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
      intent: 'escalate',
      engineer_notes: NOTES,
      priority: 'p2',
      ...body,
    });
    expect(res.status, res.text).toBe(201);
    // The escalation kicked the worker after commit; wait for it rather than sleeping.
    await testApp.deliveries.idle();
    return { session: s.session, handoff: res.body.handoff };
  }

  it('emails exactly the active seniors of the account: multipart, exact subject, pickup link, escaped text', async () => {
    const other = await createTestAccount(t.db, { senior: 'engineer' });
    const { session } = await escalate(c.tech);
    const everyone = [...Object.values(acct.users), other.users.senior].map((u) => u.email);
    const mail = smtp.to(everyone);
    expect(mail.flatMap((m) => m.to).sort()).toEqual(
      [acct.users.owner.email, acct.users.admin.email, acct.users.senior.email]
        .map((e) => e.toLowerCase())
        .sort(),
    );

    const summary: string = session.problem_summary;
    const snippet = summary.length > 70 ? `${summary.slice(0, 70)}…` : summary;
    const link = `http://app.test/sessions/${session.id}?pickup=1`;
    for (const m of mail) {
      expect(m.subject).toBe(`Escalation from ${acct.users.tech.name} · #5521: ${snippet}`);
      expect(m.raw).toMatch(/multipart\/alternative/i);
      expect(m.text).toContain(link);
      expect(m.text).toContain(NOTES);
      expect(m.text).toMatch(/Priority: P2/);
      expect(m.text).toContain(`Escalated by: ${acct.users.tech.name}`);
      expect(m.text).toMatch(/Assessment: /);
      expect(m.html).toContain(`href="${link}"`);
      expect(m.html).toContain('Tried &lt;script&gt;alert(1)&lt;/script&gt; &amp; a new &quot;profile&quot;');
      expect(m.html).not.toContain('<script>');
      expect(m.parsed.headers.get('x-resolutionflow-event')).toBe('handoff_created');
    }
    const sent = await rows(
      acct.accountId,
      `SELECT recipient, status, attempts, sent_at, idempotency_key FROM deliveries WHERE channel = 'email' ORDER BY recipient`,
    );
    expect(sent.every((d: any) => d.status === 'sent' && d.attempts === 1 && d.sent_at)).toBe(true);
    const byKey = new Set(sent.map((d: any) => `<${d.idempotency_key.replaceAll(':', '.')}@resolutionflow>`));
    expect(new Set(mail.map((m) => m.messageId))).toEqual(byKey);

    // Running the worker again sends nothing twice.
    await deliver();
    expect(smtp.to(everyone)).toHaveLength(3);
  });

  it('a member deactivated between escalation and sending gets no mail', async () => {
    const team = await createTestAccount(t.db, { tech: 'tech', owner: 'owner', senior: 'engineer' });
    const tc = await clientsFor(testApp.app, team.users);
    const own = createTestApp(t.db, { config: testApp.config, clock: clock.now });
    const tech = await clientsFor(own.app, { tech: team.users.tech });
    await escalate(tech.tech);
    await tc.owner.patch(`/api/v1/members/${team.users.senior.id}`, { is_active: false });
    await deliver();
    expect(smtp.to([team.users.senior.email])).toHaveLength(0);
    expect(smtp.to([team.users.owner.email])).toHaveLength(1);
    const [dead] = await rows(
      team.accountId,
      `SELECT status, last_error FROM deliveries WHERE recipient = $1`,
      [team.users.senior.email],
    );
    expect(dead).toEqual({ status: 'dead', last_error: 'Recipient is no longer an active member' });
    await own.assessments.stop();
  });

  it('Slack Block Kit, a Teams Adaptive Card and a signed webhook, each with the pickup link', async () => {
    const make = (kind: string, url: string) =>
      c.admin.post('/api/v1/channels', { kind, name: `${kind} room`, target: url });
    expect((await make('slack', slack.url)).status).toBe(201);
    expect((await make('teams', teams.url)).status).toBe(201);
    const created = await make('webhook', hook.url);
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    const before = { slack: slack.requests.length, teams: teams.requests.length, hook: hook.requests.length };
    const { session, handoff } = await escalate(c.tech);
    const link = `http://app.test/sessions/${session.id}?pickup=1`;
    const [title] = (
      await rows(acct.accountId, `SELECT title FROM notifications WHERE handoff_id = $1 LIMIT 1`, [
        handoff.id,
      ])
    ).map((r: any) => r.title);

    expect(slack.requests).toHaveLength(before.slack + 1);
    const s = slack.requests.at(-1)!.json;
    expect(s.text).toBe(title.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
    expect(s.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: title.slice(0, 150), emoji: false },
    });
    expect(s.blocks[1].type).toBe('section');
    const fields = s.blocks[1].fields.map((f: any) => f.text).join('\n');
    expect(fields).toContain('*Priority*\nP2');
    expect(fields).toContain('*Ticket*\n#5521');
    expect(fields).toMatch(/\*Waiting\*\n(just now|\d+ min)/);
    expect(JSON.stringify(s)).not.toContain('<script>');
    expect(s.blocks.at(-1).elements[0]).toMatchObject({
      type: 'button',
      text: { text: 'Open handoff' },
      url: link,
    });

    expect(teams.requests).toHaveLength(before.teams + 1);
    const m = teams.requests.at(-1)!.json;
    expect(m.type).toBe('message');
    expect(m.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = m.attachments[0].content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: title });
    expect(card.body.find((b: any) => b.type === 'FactSet').facts).toEqual(
      expect.arrayContaining([
        { title: 'Priority', value: 'P2' },
        { title: 'Ticket', value: '#5521' },
      ]),
    );
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open handoff', url: link }]);

    expect(hook.requests).toHaveLength(before.hook + 1);
    const w = hook.requests.at(-1)!;
    const [delivery] = await rows(
      acct.accountId,
      `SELECT d.idempotency_key, d.event_id FROM deliveries d WHERE d.channel = 'webhook' AND d.event_id = (SELECT id FROM events WHERE type = 'handoff_created' AND payload->>'handoff_id' = $1)`,
      [handoff.id],
    );
    expect(w.headers['x-resolutionflow-event']).toBe('handoff_created');
    expect(w.headers['x-resolutionflow-delivery']).toBe(delivery.idempotency_key);
    const ts = w.headers['x-resolutionflow-timestamp'] as string;
    expect(Number(ts)).toBe(Math.floor(clock.now().getTime() / 1000));
    const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${w.body}`).digest('hex')}`;
    expect(w.headers['x-resolutionflow-signature']).toBe(expected);
    expect(w.json).toMatchObject({
      id: String(delivery.event_id),
      type: 'handoff_created',
      account_id: acct.accountId,
      data: {
        handoff_id: handoff.id,
        session_id: session.id,
        title,
        url: link,
        priority: 'p2',
        ticket: '5521',
        engineer_notes: NOTES,
      },
    });
    expect(new Date(w.json.created_at).toISOString()).toBe(w.json.created_at);
    // A disabled channel is skipped from the next escalation on.
    const list = await c.admin.get('/api/v1/channels');
    for (const ch of list.body.items) await c.admin.patch(`/api/v1/channels/${ch.id}`, { enabled: false });
    await escalate(c.tech);
    expect([slack.requests.length, teams.requests.length, hook.requests.length]).toEqual([
      before.slack + 1,
      before.teams + 1,
      before.hook + 1,
    ]);
  });

  it('a deleted channel’s pending message ends dead, not sent', async () => {
    const team = await createTestAccount(t.db, { tech: 'tech', owner: 'owner' });
    const tc = await clientsFor(testApp.app, team.users);
    const ch = await tc.owner.post('/api/v1/channels', { kind: 'slack', name: 'ops', target: slack.url });
    const paused = createTestApp(t.db, { config: testApp.config, clock: clock.now });
    const pc = await clientsFor(paused.app, { tech: team.users.tech });
    const s = await startSession(pc.tech);
    expect(
      (await pc.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).status,
    ).toBe(201);
    expect((await tc.owner.delete(`/api/v1/channels/${ch.body.channel.id}`)).status).toBe(204);
    const before = slack.requests.length;
    await deliver();
    expect(slack.requests.length).toBe(before);
    const log = await tc.owner.get('/api/v1/deliveries?status=dead');
    expect(log.body.items).toEqual([
      expect.objectContaining({
        channel: 'slack',
        recipient: '(deleted channel)',
        last_error: 'The channel was deleted',
      }),
    ]);
    await paused.assessments.stop();
  });

  it('nothing is sent for an escalation that rolled back', async () => {
    const team = await createTestAccount(t.db, { tech: 'tech', owner: 'owner' });
    const owner = (await clientsFor(testApp.app, { owner: team.users.owner })).owner;
    await owner.post('/api/v1/channels', { kind: 'webhook', name: 'psa', target: hook.url });
    const failing = createTestApp(t.db, {
      config: testApp.config,
      clock: clock.now,
      deliveries: { autoKick: true },
      afterHandoffInsert: () => {
        throw new Error('injected failure inside the escalation transaction');
      },
    });
    const tech = (await clientsFor(failing.app, { tech: team.users.tech })).tech;
    const before = hook.requests.length;
    const s = await startSession(tech);
    expect(
      (await tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'escalate' })).status,
    ).toBe(500);
    failing.deliveries.kick();
    await Promise.all([failing.deliveries.idle(), deliver()]);
    expect(hook.requests.length).toBe(before);
    expect(smtp.to([team.users.owner.email])).toHaveLength(0);
    expect(await rows(team.accountId, `SELECT id FROM deliveries`)).toHaveLength(0);
    await failing.deliveries.stop();
    await failing.assessments.stop();
  });

  it('without SMTP_URL mail lands in the dev outbox: admins read it, other members only their own, production 404', async () => {
    const team = await createTestAccount(t.db, {
      tech: 'tech',
      owner: 'owner',
      senior: 'engineer',
      viewer: 'viewer',
    });
    const devApp = createTestApp(t.db, { clock: clock.now, deliveries: { autoKick: true } });
    const dc = await clientsFor(devApp.app, team.users);
    const s = await startSession(dc.tech);
    await dc.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
      intent: 'escalate',
      engineer_notes: NOTES,
    });
    await devApp.deliveries.idle();
    expect(smtp.to([team.users.owner.email])).toHaveLength(0);

    const box = await dc.owner.get('/api/v1/dev/outbox');
    expect(box.status).toBe(200);
    expect(box.body.items.map((m: any) => m.to).sort()).toEqual(
      [team.users.owner.email, team.users.senior.email].sort(),
    );
    expect(box.body.items[0]).toMatchObject({
      subject: expect.stringMatching(/^Escalation from /),
      message_id: expect.stringMatching(/^<\d+\.email\.[0-9a-f-]+@resolutionflow>$/),
    });
    expect(box.body.items[0].html).toContain('&lt;script&gt;');
    const page = await dc.owner.get('/api/v1/dev/outbox/view');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('sandbox=""');
    expect(page.text).not.toContain('<script>');
    // Other members see only the mail addressed to them: the paged engineer their escalation mail.
    const seniorBox = await dc.senior.get('/api/v1/dev/outbox');
    expect(seniorBox.status).toBe(200);
    expect(seniorBox.body.items.map((m: any) => m.to)).toEqual([team.users.senior.email]);
    for (const role of ['tech', 'viewer'] as const) {
      const box = await dc[role].get('/api/v1/dev/outbox');
      expect(box.status).toBe(200);
      expect(box.body.items).toEqual([]);
    }
    expect((await c.owner.get('/api/v1/dev/outbox')).body.items.map((m: any) => m.to)).not.toContain(
      team.users.owner.email,
    );

    const prodConfig = testConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@h/db',
      SESSION_SECRET: 's'.repeat(40),
      SMTP_URL: smtp.url,
    });
    const prod = createTestApp(t.db, { config: prodConfig, clock: clock.now });
    const owner = (await clientsFor(prod.app, { owner: team.users.owner })).owner;
    expect((await owner.get('/api/v1/dev/outbox')).status).toBe(404);
    expect((await owner.get('/api/v1/dev/outbox/view')).status).toBe(404);
    await Promise.all([devApp.deliveries.stop(), devApp.assessments.stop(), prod.assessments.stop()]);
  });
});
