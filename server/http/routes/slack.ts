import { createRoute, z } from '@hono/zod-openapi';
import type { Config } from '../../config';
import { acceptInteraction, runInBackground } from '../../modules/slack/slack-interactions';
import type { SlackAppRow } from '../../modules/slack/slack.repo';
import { SaveSlackAppBody, SlackApp } from '../../modules/slack/slack.schemas';
import * as slack from '../../modules/slack/slack.service';
import { ctxOf } from '../middleware/auth';
import { commonErrors, cookieAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../openapi';

const tags = ['slack'];
export const SLACK_INTERACTIONS_PATH = '/integrations/slack/interactions';

/** The secrets are write-only: the token's last characters and a flag for the signing secret. */
const present = (config: Config, r: SlackAppRow | undefined) => ({
  configured: Boolean(r),
  team_id: r?.team_id ?? null,
  team_name: r?.team_name ?? null,
  app_id: r?.app_id ?? null,
  channel: r?.channel ?? null,
  bot_token: r ? `…${r.bot_token_hint}` : null,
  has_signing_secret: Boolean(r),
  interactivity_url: `${config.appUrl}/api/v1${SLACK_INTERACTIONS_PATH}`,
  updated_at: r ? r.updated_at.toISOString() : null,
});

const get = createRoute({
  method: 'get',
  path: '/integrations/slack',
  tags,
  security: cookieAuth,
  summary:
    'Whether the account’s Slack app is set up, its workspace and channel (admin, owner); secrets never returned',
  responses: { 200: jsonResponse(z.object({ slack: SlackApp }), 'The Slack app settings'), ...commonErrors },
});
const save = createRoute({
  method: 'put',
  path: '/integrations/slack',
  tags,
  security: cookieAuth,
  summary:
    'Set up the Slack app: signing secret, bot token (checked with auth.test) and the channel escalations are posted to (admin, owner)',
  request: { body: jsonBody(SaveSlackAppBody) },
  responses: {
    200: jsonResponse(z.object({ slack: SlackApp }), 'Saved'),
    ...commonErrors,
    422: errorResponse('Slack refused the bot token (SLACK_AUTH_FAILED)'),
    502: errorResponse('Slack could not be reached (SLACK_UNAVAILABLE)'),
  },
});
const remove = createRoute({
  method: 'delete',
  path: '/integrations/slack',
  tags,
  security: cookieAuth,
  summary: 'Remove the Slack app (admin, owner); bot messages not yet sent end as dead',
  responses: { 204: { description: 'Removed' }, ...commonErrors },
});
const interactions = createRoute({
  method: 'post',
  path: SLACK_INTERACTIONS_PATH,
  tags,
  summary:
    'Slack’s interactivity Request URL: a signed form post `payload=<JSON>` (X-Slack-Signature v0, X-Slack-Request-Timestamp within 5 minutes, each request once). The Claim button claims for the member with the Slack user’s email. Answers at once; the claim and the answers in Slack follow.',
  responses: {
    200: { description: 'Received (the click is handled after this answer)' },
    401: errorResponse(
      'The signature does not verify, the timestamp is more than 5 minutes off, or the request was already received (SLACK_SIGNATURE_INVALID)',
    ),
    503: commonErrors[503],
  },
});

export const slackRoutes = createRouter()
  .openapi(get, async (c) =>
    c.json({ slack: present(c.get('deps').config, await slack.getSlackApp(ctxOf(c))) }, 200),
  )
  .openapi(save, async (c) => {
    const { config } = c.get('deps');
    return c.json(
      { slack: present(config, await slack.saveSlackApp(ctxOf(c), config, c.req.valid('json'))) },
      200,
    );
  })
  .openapi(remove, async (c) => {
    await slack.deleteSlackApp(ctxOf(c));
    return c.body(null, 204);
  })
  .openapi(interactions, async (c) => {
    const deps = c.get('deps');
    const interactionDeps = {
      db: deps.db,
      config: deps.config,
      logger: deps.logger,
      clock: deps.clock,
      kickDeliveries: deps.handoffs.kickDeliveries,
    };
    const work = await acceptInteraction(interactionDeps, {
      rawBody: await c.req.text(),
      timestamp: c.req.header('x-slack-request-timestamp'),
      signature: c.req.header('x-slack-signature'),
    });
    // Slack wants its answer within 3 seconds: the claim and the Slack calls run after it.
    runInBackground(interactionDeps, work);
    return c.body(null, 200);
  });
