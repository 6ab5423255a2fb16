import type { Config } from '../../config';
import { withTenant } from '../../db/tenant';
import { AppError, notFound } from '../../lib/app-error';
import { insertAudit } from '../audit/audit.repo';
import { secretBoxFor } from '../channels/channel-targets';
import type { Ctx } from '../context';
import { assertAdmin } from '../members/members.permissions';
import { SlackApiError, slackApi } from './slack-api';
import { slackApiOptions, slackSealContext, tokenHint } from './slack-credentials';
import * as repo from './slack.repo';

export type SaveSlackAppInput = { signing_secret: string; bot_token: string; channel: string };

export function getSlackApp(ctx: Ctx) {
  assertAdmin(ctx.actor.role);
  return withTenant(ctx.db, ctx.actor.accountId, (tx) => repo.findSlackApp(tx, ctx.actor.accountId));
}

/** auth.test with the token being saved: a token Slack refuses is never stored. */
async function checkToken(token: string, config: Config) {
  try {
    return await slackApi(token, slackApiOptions(config)).authTest();
  } catch (err) {
    if (!(err instanceof SlackApiError)) throw err;
    if (err.retryable) throw new AppError('SLACK_UNAVAILABLE', err.message, { cause: err });
    throw new AppError('SLACK_AUTH_FAILED', `Slack refused the bot token (${err.slackError})`, {
      details: { field: 'bot_token' },
      cause: err,
    });
  }
}

/**
 * Saves the account's Slack app. The token is checked with auth.test first (outside the
 * transaction: Slack's answer must not hold a database connection), and the workspace and app it
 * names are kept so incoming clicks find this account. Both secrets are sealed and never returned.
 */
export async function saveSlackApp(ctx: Ctx, config: Config, input: SaveSlackAppInput) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  const who = await checkToken(input.bot_token, config);
  const box = secretBoxFor(config);
  return withTenant(ctx.db, accountId, async (tx) => {
    const existing = await repo.findSlackApp(tx, accountId);
    await repo.upsertSlackApp(
      tx,
      accountId,
      {
        teamId: who.team_id,
        teamName: who.team,
        appId: who.app_id,
        botUserId: who.user_id || null,
        channel: input.channel,
        signingSecretEncrypted: box.seal(input.signing_secret, slackSealContext(accountId, 'signing_secret')),
        botTokenEncrypted: box.seal(input.bot_token, slackSealContext(accountId, 'bot_token')),
        botTokenHint: tokenHint(input.bot_token),
        updatedBy: ctx.actor.id,
      },
      ctx.now,
    );
    // Which workspace and channel, never the secrets.
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: existing ? 'slack.app_updated' : 'slack.app_created',
        targetType: 'slack_app',
        targetId: accountId,
        details: { team_id: who.team_id, app_id: who.app_id, channel: input.channel },
      },
      ctx.now,
    );
    return (await repo.findSlackApp(tx, accountId))!;
  });
}

export async function deleteSlackApp(ctx: Ctx) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  await withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.deleteSlackApp(tx, accountId))) throw notFound('Slack app');
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: 'slack.app_deleted',
        targetType: 'slack_app',
        targetId: accountId,
      },
      ctx.now,
    );
  });
}
