import { afterAll, describe, expect, it } from 'vitest';
import {
  browserSuite,
  DEMO_PASSWORD,
  formatAxe,
  NAMES,
  openLiveQueue,
  queueCard,
  seriousAxeViolations,
  UI_TIMEOUT,
  USERS,
} from '../helpers/e2e';
import { blockActionsBody, slackHeaders, startFakeSlack, type StoredMessage } from '../helpers/fake-slack';
import { newEscalation } from '../helpers/sessions';
import { TestClient } from '../helpers/test-client';

const SIGNING_SECRET = '5ec2e75ec2e75ec2e75ec2e75ec2e75e';

// Slack's Web API stand-in is started before the suite's server, which is pointed at it.
const slack = await startFakeSlack();
const ws = slack.addWorkspace({
  token: 'xoxb-e2e-0001-northwind',
  teamId: 'TE2ENORTH',
  teamName: 'Northwind IT',
  appId: 'AE2ENORTH',
  botUserId: 'UE2EBOT',
  users: [
    { id: 'USAM', email: USERS.senior, name: NAMES[USERS.senior]! },
    { id: 'USOFIA', email: USERS.senior2, name: NAMES[USERS.senior2]! },
  ],
});

describe('Slack app in the browser: set it up, then claim from Slack', () => {
  const suite = browserSuite({ SLACK_API_URL: slack.apiUrl });
  afterAll(() => slack.close());

  it('an owner saves the Slack app and sees the workspace, never the secrets; the page has no serious axe findings', async () => {
    const { page } = await suite.signIn(USERS.owner, '/settings/slack');
    const form = page.getByRole('form', { name: 'Slack app settings' });
    await form.waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByRole('textbox', { name: 'Interactivity Request URL' }).inputValue()).toBe(
      `${suite.server.url}/api/v1/integrations/slack/interactions`,
    );
    await form.getByLabel('Signing secret').fill(SIGNING_SECRET);
    await form.getByLabel('Bot token').fill(ws.token);
    await form.getByLabel('Channel').fill('#escalations');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Workspace Northwind IT \(TE2ENORTH\), posting to #escalations/).waitFor({
      timeout: UI_TIMEOUT,
    });
    const body = (await page.textContent('body')) ?? '';
    expect(body).not.toContain(ws.token);
    expect(body).not.toContain(SIGNING_SECRET);

    const findings = await seriousAxeViolations(page);
    expect(
      findings.map((f) => f.id),
      formatAxe('/settings/slack', findings),
    ).toEqual([]);
  });

  it('Sam claims from Slack: the card leaves Sofia’s open queue, the message says who has it, Sofia is told privately', async () => {
    // Saved again through the API, so this test stands on its own.
    const owner = await TestClient.signIn(suite.server.url, USERS.owner, DEMO_PASSWORD);
    const saved = await owner.request('PUT', '/api/v1/integrations/slack', {
      signing_secret: SIGNING_SECRET,
      bot_token: ws.token,
      channel: '#escalations',
    });
    expect(saved.status, saved.text).toBe(200);
    const sofia = await suite.signIn(USERS.senior2, '/escalations');
    await openLiveQueue(sofia.page);
    const tech = await TestClient.signIn(suite.server.url, USERS.tech, DEMO_PASSWORD);
    const esc = await newEscalation(tech, 'Shared mailbox stopped syncing on every laptop after the move');
    const card = queueCard(sofia.page, esc.handoffId);
    await card.waitFor({ timeout: UI_TIMEOUT });

    const message = await slack.waitFor('the bot’s escalation message', () =>
      slack.messages().find((m) => JSON.stringify(m.blocks).includes(esc.handoffId)),
    );
    const click = async (userId: string, m: StoredMessage) => {
      const body = blockActionsBody({
        ws,
        userId,
        channel: m.channel,
        messageTs: m.ts,
        actionId: 'claim_handoff',
        value: esc.handoffId,
      });
      const res = await fetch(`${suite.server.url}/api/v1/integrations/slack/interactions`, {
        method: 'POST',
        headers: slackHeaders(SIGNING_SECRET, body),
        body,
      });
      expect(res.status).toBe(200);
    };

    await click('USAM', message);
    await card.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await slack.waitFor('the message update', () => message.updates === 1);
    expect(JSON.stringify(message.blocks)).toContain('Claimed by Sam Senior');

    await click('USOFIA', message);
    const told = await slack.waitFor('Sofia’s private answer', () =>
      slack.ephemerals.find((e) => e.user === 'USOFIA'),
    );
    expect(told.text).toBe('Already claimed by Sam Senior.');
    expect(message.updates).toBe(1);
  });
});
