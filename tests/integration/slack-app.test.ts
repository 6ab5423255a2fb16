import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { forgetSlackUsers } from '../../server/modules/slack/slack-users';
import { slackInteractionsSettled } from '../../server/modules/slack/slack-interactions';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import {
  blockActionsBody,
  slackHeaders,
  startFakeSlack,
  type FakeSlack,
  type StoredMessage,
  type Workspace,
} from '../helpers/fake-slack';
import { createTestAccount, type TestUser } from '../helpers/factories';
import { startReceiver, type Receiver } from '../helpers/http-receiver';
import { listen } from '../helpers/http-server';
import { addMember, sessionFor } from '../helpers/security/members';
import { newEscalation } from '../helpers/sessions';
import { waitUntil } from '../helpers/wait-until';
import type { TestClient } from '../helpers/test-client';

const SIGNING_SECRET = 'f00dfeedcafe0123456789abcdef4567';
const CHANNEL = '#escalations';

/**
 * The Slack app (SPEC §15) against a local stand-in of Slack's Web API: settings, the escalation
 * message with its Claim button going through the outbox, signed interactions, member mapping by
 * email, and the claim race between Slack and the web.
 */
describe(`Slack app: Claim from Slack (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let slack: FakeSlack;
  let hooks: Receiver;
  let testApp: TestApp;
  let server: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    [t, slack, hooks] = await Promise.all([createTestDatabase(), startFakeSlack(), startReceiver()]);
    testApp = createTestApp(t.db, {
      config: testConfig({ SLACK_API_URL: slack.apiUrl, ALLOW_PRIVATE_WEBHOOKS: 'true' }),
      deliveries: { autoKick: true, sendTimeoutMs: 3_000 },
    });
    server = await listen(testApp.app);
  }, 60_000);
  afterAll(async () => {
    await slackInteractionsSettled();
    await testApp.deliveries.stop();
    await testApp.assessments.stop();
    await server.close();
    await Promise.all([slack.close(), hooks.close()]);
    await t.drop();
  });
  beforeEach(() => forgetSlackUsers());

  /** Everything queued so far is sent: the click's own work, then the outbox. */
  async function deliver() {
    await slackInteractionsSettled();
    testApp.deliveries.kick();
    await testApp.deliveries.idle();
  }

  type World = Awaited<ReturnType<typeof setup>>;

  /** An account with its Slack app in a workspace of its own, whose members map by email. */
  async function setup() {
    const tag = randomBytes(4).toString('hex').toUpperCase();
    const team = await createTestAccount(t.db, {
      owner: 'owner',
      tech: 'tech',
      senior: 'engineer',
      other: 'engineer',
      viewer: 'viewer',
      gone: 'engineer',
    });
    const u = team.users;
    const ws: Workspace = slack.addWorkspace({
      token: `xoxb-${tag}-bot`,
      teamId: `T${tag}`,
      teamName: `Workspace ${tag}`,
      appId: `A${tag}`,
      botUserId: `U${tag}BOT`,
      users: [
        // Slack keeps emails as typed: the mapping ignores case.
        { id: `U${tag}S`, email: u.senior.email.toUpperCase(), name: u.senior.name },
        { id: `U${tag}O`, email: u.other.email, name: u.other.name },
        { id: `U${tag}T`, email: u.tech.email, name: u.tech.name },
        { id: `U${tag}V`, email: u.viewer.email, name: u.viewer.name },
        { id: `U${tag}G`, email: u.gone.email, name: u.gone.name },
        { id: `U${tag}X`, email: `stranger-${tag}@elsewhere.test`, name: 'Stranger' },
        { id: `U${tag}N`, email: null, name: 'No Email' },
      ],
    });
    const owner = await sessionFor(testApp.app, t.db, { id: u.owner.id, accountId: team.accountId });
    const tech = await sessionFor(testApp.app, t.db, { id: u.tech.id, accountId: team.accountId });
    const saved = await owner.request('PUT', '/api/v1/integrations/slack', {
      signing_secret: SIGNING_SECRET,
      bot_token: ws.token,
      channel: CHANNEL,
    });
    expect(saved.status, saved.text).toBe(200);
    const slackUser = {
      senior: `U${tag}S`,
      other: `U${tag}O`,
      tech: `U${tag}T`,
      viewer: `U${tag}V`,
      gone: `U${tag}G`,
      stranger: `U${tag}X`,
      noEmail: `U${tag}N`,
    };
    return { ...team, ws, owner, tech, slackUser };
  }

  /** A new escalation by the tech, and the bot's message about it once the outbox sent it. */
  async function escalation(w: World, problem = 'VPN drops every 10 minutes for the whole office') {
    const e = await newEscalation(w.tech, problem);
    await deliver();
    const message = await slack.waitFor('the escalation message', () => messageFor(e.handoffId));
    return { ...e, message };
  }

  /** The bot's message about a handoff, found by its Claim button (the stand-in updates it in place). */
  const messageFor = (handoffId: string) =>
    slack.messages().find((m) => JSON.stringify(m.blocks).includes(handoffId));

  const buttons = (m: StoredMessage) =>
    m.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as any[]);

  /** Posts a click as Slack does (signed with `secret`), over HTTP. */
  async function click(
    w: Pick<World, 'ws'>,
    userId: string,
    message: StoredMessage,
    o: { value?: string; secret?: string; at?: Date; actionId?: string; tamper?: (b: string) => string } = {},
  ) {
    const body = blockActionsBody({
      ws: w.ws,
      userId,
      channel: message.channel,
      messageTs: message.ts,
      actionId: o.actionId ?? 'claim_handoff',
      value: o.value,
    });
    const headers = slackHeaders(o.secret ?? SIGNING_SECRET, body, o.at);
    return post(o.tamper ? o.tamper(body) : body, headers);
  }

  async function post(body: string, headers: Record<string, string>) {
    const res = await fetch(`${server.url}/api/v1/integrations/slack/interactions`, {
      method: 'POST',
      headers,
      body,
    });
    return { status: res.status, text: await res.text() };
  }

  const handoff = async (w: World, id: string) => (await w.owner.get(`/api/v1/handoffs/${id}`)).body.handoff;
  const ephemeralsTo = (userId: string) => slack.ephemerals.filter((e) => e.user === userId);

  async function receipts(accountId: string) {
    return withTenant(t.db, accountId, async (tx) => {
      const { rows } = await tx.query<{ n: string }>(
        `SELECT count(*) AS n FROM slack_interaction_receipts WHERE account_id = $1`,
        [accountId],
      );
      return Number(rows[0]!.n);
    });
  }

  describe('settings', () => {
    it('saves the app after auth.test, keeps the secrets sealed and never returns them', async () => {
      const team = await createTestAccount(t.db, { owner: 'owner', admin: 'admin', senior: 'engineer' });
      const owner = await sessionFor(testApp.app, t.db, {
        id: team.users.owner.id,
        accountId: team.accountId,
      });
      const admin = await sessionFor(testApp.app, t.db, {
        id: team.users.admin.id,
        accountId: team.accountId,
      });
      const senior = await sessionFor(testApp.app, t.db, {
        id: team.users.senior.id,
        accountId: team.accountId,
      });
      const ws = slack.addWorkspace({
        token: 'xoxb-settings-0001-bot',
        teamId: 'TSETTINGS',
        teamName: 'Settings Inc',
        appId: 'ASETTINGS',
        botUserId: 'USETBOT',
        users: [],
      });

      const before = await owner.get('/api/v1/integrations/slack');
      expect(before.status).toBe(200);
      expect(before.body.slack).toMatchObject({
        configured: false,
        interactivity_url: 'http://app.test/api/v1/integrations/slack/interactions',
      });

      const body = { signing_secret: SIGNING_SECRET, bot_token: ws.token, channel: 'C0123ABCD' };
      expect((await senior.request('PUT', '/api/v1/integrations/slack', body)).status).toBe(403);
      const saved = await admin.request('PUT', '/api/v1/integrations/slack', body);
      expect(saved.status, saved.text).toBe(200);
      expect(saved.body.slack).toMatchObject({
        configured: true,
        team_id: 'TSETTINGS',
        team_name: 'Settings Inc',
        app_id: 'ASETTINGS',
        channel: 'C0123ABCD',
        bot_token: '…-bot',
        has_signing_secret: true,
      });
      const read = await owner.get('/api/v1/integrations/slack');
      for (const text of [saved.text, read.text]) {
        expect(text).not.toContain(ws.token);
        expect(text).not.toContain(SIGNING_SECRET);
      }
      expect(slack.callsOf('auth.test').at(-1)?.token).toBe(ws.token);

      const stored = await withTenant(t.db, team.accountId, async (tx) => {
        const { rows } = await tx.query(`SELECT * FROM slack_apps WHERE account_id = $1`, [team.accountId]);
        return JSON.stringify(rows);
      });
      expect(stored).not.toContain(ws.token);
      expect(stored).not.toContain(SIGNING_SECRET);
      const audit = await owner.get('/api/v1/audit-log?action=slack.');
      expect(audit.text).toContain('slack.app_created');
      expect(audit.text).not.toContain(ws.token);

      expect((await senior.delete('/api/v1/integrations/slack')).status).toBe(403);
      expect((await owner.delete('/api/v1/integrations/slack')).status).toBe(204);
      expect((await owner.get('/api/v1/integrations/slack')).body.slack.configured).toBe(false);
      expect((await owner.delete('/api/v1/integrations/slack')).status).toBe(404);
    });

    it('refuses bad input with a reason, a token Slack refuses with 422, and Slack down with 502', async () => {
      const team = await createTestAccount(t.db, { owner: 'owner' });
      const owner = await sessionFor(testApp.app, t.db, {
        id: team.users.owner.id,
        accountId: team.accountId,
      });
      const ws = slack.addWorkspace({
        token: 'xoxb-validation-0001-bot',
        teamId: 'TVALID',
        teamName: 'Valid',
        appId: 'AVALID',
        botUserId: 'UVALBOT',
        users: [],
      });
      const good = { signing_secret: SIGNING_SECRET, bot_token: ws.token, channel: CHANNEL };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...good, bot_token: 'xoxp-a-user-token' }, 'bot_token'],
        [{ ...good, signing_secret: 'short' }, 'signing_secret'],
        [{ ...good, signing_secret: 'not hex but spaces in it!!' }, 'signing_secret'],
        [{ ...good, channel: '' }, 'channel'],
        [{ ...good, channel: '#Bad Channel' }, 'channel'],
        [{ signing_secret: SIGNING_SECRET, channel: CHANNEL }, 'bot_token'],
      ];
      for (const [body, field] of cases) {
        const res = await owner.request('PUT', '/api/v1/integrations/slack', body);
        expect(res.status, res.text).toBe(400);
        expect(res.body.code).toBe('VALIDATION_ERROR');
        expect(res.text).toContain(field);
      }

      const refused = await owner.request('PUT', '/api/v1/integrations/slack', {
        ...good,
        bot_token: 'xoxb-nobody-knows-this-one',
      });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.body).toMatchObject({ code: 'SLACK_AUTH_FAILED', details: { field: 'bot_token' } });
      expect(refused.body.message).toContain('invalid_auth');

      slack.failNext('auth.test', { status: 503 });
      const down = await owner.request('PUT', '/api/v1/integrations/slack', good);
      expect(down.status, down.text).toBe(502);
      expect(down.body.code).toBe('SLACK_UNAVAILABLE');
      expect((await owner.get('/api/v1/integrations/slack')).body.slack.configured).toBe(false);
    });
  });

  describe('the escalation message', () => {
    it('goes out through the outbox with Claim and Open handoff; webhook channels and Teams cards are unchanged', async () => {
      const w = await setup();
      const webhook = await w.owner.post('/api/v1/channels', {
        kind: 'slack',
        name: 'ops',
        target: hooks.url,
      });
      const teams = await w.owner.post('/api/v1/channels', { kind: 'teams', name: 'ops', target: hooks.url });
      expect([webhook.status, teams.status]).toEqual([201, 201]);
      const hooked = hooks.requests.length;

      const e = await escalation(w, 'Scanner cannot reach the file share since the NAS update');
      expect(e.message.channel).toMatch(/^C/);
      const [claim, open] = buttons(e.message);
      expect(claim).toMatchObject({
        type: 'button',
        action_id: 'claim_handoff',
        value: e.handoffId,
        text: { text: 'Claim' },
      });
      expect(open).toMatchObject({
        type: 'button',
        action_id: 'open_handoff',
        url: `http://app.test/sessions/${e.sessionId}?pickup=1`,
      });
      expect(slack.callsOf('chat.postMessage').at(-1)?.token).toBe(w.ws.token);

      // The incoming webhook still gets its own card (with the link button only), and so does Teams.
      const received = await slack.waitFor('both webhooks', () =>
        hooks.requests.length >= hooked + 2 ? hooks.requests.slice(hooked) : undefined,
      );
      const slackCard = received.find((r) => Array.isArray(r.json?.blocks))!.json;
      expect(slackCard.blocks.at(-1).elements).toEqual([
        expect.objectContaining({
          action_id: 'open_handoff',
          text: expect.objectContaining({ text: 'Open handoff' }),
        }),
      ]);
      const teamsCard = received.find((r) => r.json?.type === 'message')!.json.attachments[0].content;
      // Workflows webhooks cannot post an action back: the card's one action opens the pickup link.
      expect(teamsCard.actions).toEqual([
        {
          type: 'Action.OpenUrl',
          title: 'Open handoff',
          url: `http://app.test/sessions/${e.sessionId}?pickup=1`,
        },
      ]);

      const log = await w.owner.get('/api/v1/deliveries');
      const row = log.body.items.find(
        (d: any) => d.channel_name === 'Slack app' && d.handoff_id === e.handoffId,
      );
      expect(row).toMatchObject({ channel: 'slack', status: 'sent', recipient: CHANNEL, attempts: 1 });
    });

    it('is retried like any delivery when Slack fails, then posted once', async () => {
      const w = await setup();
      slack.failNext('chat.postMessage', { status: 500 });
      const e = await newEscalation(w.tech, 'Printer queue stuck on the second floor');
      await deliver();
      const log = await w.owner.get('/api/v1/deliveries');
      const row = log.body.items.find(
        (d: any) => d.channel_name === 'Slack app' && d.handoff_id === e.handoffId,
      );
      expect(row).toMatchObject({ status: 'failed', attempts: 1 });
      expect(row.last_error).toContain('HTTP 500');
      expect(messageFor(e.handoffId)).toBeUndefined();
      const retry = await w.owner.post(`/api/v1/deliveries/${row.id}/retry`);
      expect(retry.status, retry.text).toBeLessThan(300);
      // The first attempt used this second's Slack allowance for the channel: the retry may be put off
      // for up to a second (the test worker is never started, so it is kicked again by hand).
      await waitUntil(
        'the retried message',
        async () => (await deliver(), messageFor(e.handoffId)),
        10_000,
        250,
      );
      expect(slack.messages().filter((m) => JSON.stringify(m.blocks).includes(e.handoffId))).toHaveLength(1);
    });
  });

  describe('claiming from Slack', () => {
    it('claims for the member with the Slack user’s email, updates the message once, and tells a later clicker who has it', async () => {
      const w = await setup();
      const e = await escalation(w);
      const started = Date.now();
      const res = await click(w, w.slackUser.senior, e.message, { value: e.handoffId });
      expect(res.status, res.text).toBe(200);
      expect(Date.now() - started).toBeLessThan(3_000);
      await deliver();

      const h = await handoff(w, e.handoffId);
      expect(h.claimed_by).toMatchObject({ id: w.users.senior.id });
      const m = e.message;
      expect(m.updates).toBe(1);
      expect(JSON.stringify(m.blocks)).toContain(`Claimed by ${w.users.senior.name}`);
      expect(buttons(m).map((b) => b.action_id)).toEqual(['open_handoff']);
      expect(slack.callsOf('users.info').some((c) => c.body.user === w.slackUser.senior)).toBe(true);

      await click(w, w.slackUser.other, e.message, { value: e.handoffId });
      await deliver();
      expect(ephemeralsTo(w.slackUser.other).map((x) => x.text)).toEqual([
        `Already claimed by ${w.users.senior.name}.`,
      ]);
      expect(ephemeralsTo(w.slackUser.other)[0]!.channel).toBe(e.message.channel);
      expect(e.message.updates).toBe(1);
      expect((await handoff(w, e.handoffId)).claimed_by.id).toBe(w.users.senior.id);
    });

    it('gives a clear private answer to unmapped, email-less, non-senior and deactivated users, and changes nothing', async () => {
      const w = await setup();
      await withTenant(t.db, w.accountId, (tx) =>
        tx.query(`UPDATE users SET is_active = false WHERE account_id = $1 AND id = $2`, [
          w.accountId,
          w.users.gone.id,
        ]),
      );
      const e = await escalation(w);
      const expected: [string, RegExp][] = [
        [w.slackUser.stranger, /No ResolutionFlow member of this account uses stranger-.*@elsewhere\.test/],
        [w.slackUser.noEmail, /cannot see an email address on your Slack profile/],
        [w.slackUser.tech, /Only engineers, admins and owners can claim/],
        [w.slackUser.viewer, /Only engineers, admins and owners can claim/],
        [w.slackUser.gone, /membership is deactivated/],
      ];
      for (const [user] of expected) {
        const res = await click(w, user, e.message, { value: e.handoffId });
        expect(res.status, res.text).toBe(200);
      }
      await deliver();
      for (const [user, text] of expected) {
        const answers = ephemeralsTo(user);
        expect(answers, user).toHaveLength(1);
        expect(answers[0]!.text).toMatch(text);
      }
      expect((await handoff(w, e.handoffId)).claimed_by).toBeNull();
      expect(e.message.updates).toBe(0);
    });

    it('the Open handoff link and unknown actions are acknowledged and do nothing', async () => {
      const w = await setup();
      const e = await escalation(w);
      const res = await click(w, w.slackUser.senior, e.message, { actionId: 'open_handoff' });
      expect(res.status).toBe(200);
      await deliver();
      expect((await handoff(w, e.handoffId)).claimed_by).toBeNull();
      expect(ephemeralsTo(w.slackUser.senior)).toEqual([]);
    });

    it('a click cannot reach another account’s escalation, even from the same workspace', async () => {
      const a = await setup();
      const e = await escalation(a);
      // B installs the same Slack workspace and app with its own signing secret.
      const team = await createTestAccount(t.db, { owner: 'owner', senior: 'engineer' });
      const bOwner = await sessionFor(testApp.app, t.db, {
        id: team.users.owner.id,
        accountId: team.accountId,
      });
      const bToken = `${a.ws.token}-b`;
      slack.addWorkspace({
        ...a.ws,
        token: bToken,
        users: [{ id: 'UBSENIOR', email: team.users.senior.email, name: 'B' }],
      });
      const bSecret = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
      const saved = await bOwner.request('PUT', '/api/v1/integrations/slack', {
        signing_secret: bSecret,
        bot_token: bToken,
        channel: CHANNEL,
      });
      expect(saved.status, saved.text).toBe(200);

      const res = await click(a, 'UBSENIOR', e.message, { value: e.handoffId, secret: bSecret });
      expect(res.status).toBe(200);
      await deliver();
      expect(ephemeralsTo('UBSENIOR').map((x) => x.text)).toEqual(['This escalation no longer exists.']);
      expect((await handoff(a, e.handoffId)).claimed_by).toBeNull();
    });
  });

  describe('signatures', () => {
    it('refuses a wrong secret, an altered body, an old or future timestamp, a replay and missing headers with 401, changing nothing', async () => {
      const w = await setup();
      const e = await escalation(w);
      const old = new Date(Date.now() - 6 * 60_000);
      const future = new Date(Date.now() + 6 * 60_000);
      const calls = slack.calls.length;
      const receiptsBefore = await receipts(w.accountId);

      const attempts = [
        await click(w, w.slackUser.senior, e.message, { value: e.handoffId, secret: 'a'.repeat(32) }),
        await click(w, w.slackUser.senior, e.message, {
          value: e.handoffId,
          tamper: (b) => b.replace(w.slackUser.senior, w.slackUser.other),
        }),
        await click(w, w.slackUser.senior, e.message, { value: e.handoffId, at: old }),
        await click(w, w.slackUser.senior, e.message, { value: e.handoffId, at: future }),
        await post(
          blockActionsBody({
            ws: w.ws,
            userId: w.slackUser.senior,
            channel: e.message.channel,
            messageTs: e.message.ts,
            actionId: 'claim_handoff',
            value: e.handoffId,
          }),
          {
            'content-type': 'application/x-www-form-urlencoded',
          },
        ),
        await post('payload=%7Bnot-json', slackHeaders(SIGNING_SECRET, 'payload=%7Bnot-json')),
      ];
      for (const res of attempts) {
        expect(res.status, res.text).toBe(401);
        expect(JSON.parse(res.text).code).toBe('SLACK_SIGNATURE_INVALID');
      }
      await deliver();
      expect((await handoff(w, e.handoffId)).claimed_by).toBeNull();
      expect(await receipts(w.accountId)).toBe(receiptsBefore);
      expect(slack.calls.length).toBe(calls);

      // A request accepted once is refused the second time, whichever process sees it.
      const body = blockActionsBody({
        ws: w.ws,
        userId: w.slackUser.stranger,
        channel: e.message.channel,
        messageTs: e.message.ts,
        actionId: 'claim_handoff',
        value: e.handoffId,
      });
      const headers = slackHeaders(SIGNING_SECRET, body);
      expect((await post(body, headers)).status).toBe(200);
      await deliver();
      expect(ephemeralsTo(w.slackUser.stranger)).toHaveLength(1);
      const replay = await post(body, headers);
      expect(replay.status, replay.text).toBe(401);
      expect(replay.text).toContain('already received');
      await deliver();
      expect(ephemeralsTo(w.slackUser.stranger)).toHaveLength(1);
      expect(await receipts(w.accountId)).toBe(receiptsBefore + 1);
    });
  });

  describe('claims from the web', () => {
    it('update the Slack message too, and a release brings the Claim button back', async () => {
      const w = await setup();
      const e = await escalation(w);
      const senior = await sessionFor(testApp.app, t.db, { id: w.users.senior.id, accountId: w.accountId });
      expect((await senior.post(`/api/v1/handoffs/${e.handoffId}/claim`)).status).toBe(200);
      await deliver();
      const m = e.message;
      expect(m.updates).toBe(1);
      expect(JSON.stringify(m.blocks)).toContain(`Claimed by ${w.users.senior.name}`);
      expect(buttons(m).map((b) => b.action_id)).toEqual(['open_handoff']);

      expect((await senior.post(`/api/v1/handoffs/${e.handoffId}/release`)).status).toBe(200);
      await deliver();
      expect(m.updates).toBe(2);
      expect(buttons(m).map((b) => b.action_id)).toEqual(['claim_handoff', 'open_handoff']);
    });
  });

  describe('resolving the session', () => {
    it('closes the Slack message: the Claim button goes, and a late click is told why', async () => {
      const w = await setup();
      const e = await escalation(w);
      const resolved = await w.tech.post(`/api/v1/sessions/${e.sessionId}/resolve`, {
        root_cause: 'Stale VPN profile',
        resolution_summary: 'Re-imported the VPN profile on every laptop',
      });
      expect(resolved.status, resolved.text).toBe(200);
      await deliver();
      expect(e.message.updates).toBe(1);
      expect(JSON.stringify(e.message.blocks)).toContain('Closed: the session was resolved');
      expect(buttons(e.message).map((b) => b.action_id)).toEqual(['open_handoff']);

      await click(w, w.slackUser.senior, e.message, { value: e.handoffId });
      await deliver();
      expect(ephemeralsTo(w.slackUser.senior).map((x) => x.text)).toEqual([
        'This escalation is closed: the session was resolved',
      ]);
      expect(e.message.updates).toBe(1);
    });
  });

  describe('the race', () => {
    it('20 Slack clicks and 20 web claims at once: one winner, the message updated once, every loser told who won', async () => {
      const w = await setup();
      const e = await escalation(w, 'Exchange mailbox migration stuck at 95 percent');
      const slackSeniors: TestUser[] = [];
      const webClients: TestClient[] = [];
      for (let i = 0; i < 20; i++) {
        const s = await addMember(t.db, w.accountId, 'engineer', `slack-senior-${i}`);
        slackSeniors.push(s);
        w.ws.users.push({ id: `URACE${i}`, email: s.email, name: s.name });
        const web = await addMember(t.db, w.accountId, 'engineer', `web-senior-${i}`);
        webClients.push(
          (await sessionFor(testApp.app, t.db, { id: web.id, accountId: w.accountId })).at(server.url),
        );
      }

      const [slackAnswers, webAnswers] = await Promise.all([
        Promise.all(slackSeniors.map((_, i) => click(w, `URACE${i}`, e.message, { value: e.handoffId }))),
        Promise.all(webClients.map((c) => c.post(`/api/v1/handoffs/${e.handoffId}/claim`))),
      ]);
      expect(slackAnswers.map((r) => r.status)).toEqual(Array(20).fill(200));
      await deliver();

      const winner = (await handoff(w, e.handoffId)).claimed_by as { id: string; name: string };
      expect(winner).not.toBeNull();
      const webWins = webAnswers.filter((r) => r.status === 200);
      const slackWinner = slackSeniors.find((s) => s.id === winner.id);
      // Exactly one winner over both paths.
      expect(webWins.length + (slackWinner ? 1 : 0)).toBe(1);
      // Every web loser got 409 naming the winner.
      for (const r of webAnswers.filter((x) => x.status !== 200)) {
        expect(r.status, r.text).toBe(409);
        expect(r.body).toMatchObject({
          code: 'ALREADY_CLAIMED',
          claimed_by: { id: winner.id, name: winner.name },
        });
      }
      // Every Slack loser was told privately who won; the winner was told nothing.
      slackSeniors.forEach((s, i) => {
        const told = ephemeralsTo(`URACE${i}`).map((x) => x.text);
        expect(told, s.name).toEqual(s.id === winner.id ? [] : [`Already claimed by ${winner.name}.`]);
      });
      const m = e.message;
      expect(m.updates).toBe(1);
      expect(slack.callsOf('chat.update').filter((c) => c.body.ts === m.ts)).toHaveLength(1);
      expect(JSON.stringify(m.blocks)).toContain(`Claimed by ${winner.name}`);
    }, 120_000);
  });
});
