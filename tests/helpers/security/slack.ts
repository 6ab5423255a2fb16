import { blockActionsBody, slackHeaders, startFakeSlack, type FakeSlackUser } from '../fake-slack';

/** The Slack workspace the security suites' stand-in knows: every tenant may install this app. */
export const SUITE_SLACK = {
  token: 'xoxb-security-suite-bot',
  teamId: 'TSECSUITE',
  teamName: 'Security Suite',
  appId: 'ASECSUITE',
  botUserId: 'USECBOT',
  users: [{ id: 'USECSTRANGER', email: 'nobody@slack-suite.test', name: 'Nobody' }] as FakeSlackUser[],
};

/** The Slack app settings a tenant saves (its own signing secret, so the signature tells tenants apart). */
export const slackAppBody = (signingSecret: string) => ({
  signing_secret: signingSecret,
  bot_token: SUITE_SLACK.token,
  channel: '#escalations',
});

/** Slack's Web API stand-in of the security suites, with the suite's workspace (users added later count too). */
export async function startSuiteSlack() {
  const slack = await startFakeSlack();
  slack.addWorkspace(SUITE_SLACK);
  return slack;
}

/** Makes `email` a user of the suite's workspace (once), so clicks by `id` map to that member. */
export function addSuiteSlackUser(id: string, email: string) {
  if (!SUITE_SLACK.users.some((u) => u.id === id)) SUITE_SLACK.users.push({ id, email, name: id });
}

/**
 * A click on a message's Claim button signed with `signingSecret`, as Slack posts it: the raw form
 * body and its headers. `handoffId` may be anyone's: only the account the signature proves counts.
 */
export function signedClaim(signingSecret: string, handoffId: string, userId = 'USECSTRANGER') {
  const raw = blockActionsBody({
    ws: SUITE_SLACK,
    userId,
    channel: 'CSECSUITE1',
    messageTs: '1700000000.000100',
    actionId: 'claim_handoff',
    value: handoffId,
  });
  return { raw, headers: slackHeaders(signingSecret, raw) };
}
