import type { Fixture, PermissionWorld } from './permission-world';
import { ok } from './permission-world';
import { escalated } from './session-fixtures';
import { signedClaim, slackAppBody } from './slack';

// Permission fixtures for the Slack app (SPEC §15). Admins and owners configure it; the interaction
// endpoint is public, guarded by the signature alone: a correctly signed click is accepted whoever
// sends it (no session counts), an unsigned one is refused for everyone.
const SECRET = 'c0ffee11c0ffee22c0ffee33c0ffee44';

async function slackApp(w: PermissionWorld) {
  await ok(w.setup.owner.request('PUT', '/api/v1/integrations/slack', slackAppBody(SECRET)), 200);
  return {};
}

export const SLACK_FIXTURES = {
  slackAppBody: async () => ({ body: slackAppBody(SECRET) }),
  slackApp,
  /** A signed Claim click on a fresh escalation by a Slack user who is nobody's member: 200, nothing claimed. */
  slackClaimClick: async (w) => {
    await slackApp(w);
    const e = await escalated(w);
    return signedClaim(SECRET, e.handoff.id);
  },
} satisfies Record<string, Fixture>;
