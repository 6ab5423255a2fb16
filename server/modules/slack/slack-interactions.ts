import { isSenior, type Role } from '../../../shared/roles';
import type { Config } from '../../config';
import { asSystem, withTenant } from '../../db/tenant';
import type { Database } from '../../db/types';
import { AppError } from '../../lib/app-error';
import type { Logger } from '../../lib/logger';
import { secretBoxFor } from '../channels/channel-targets';
import { claimHandoff } from '../handoffs/handoffs.service';
import { SlackApiError, slackApi, type SlackApi } from './slack-api';
import { openBotToken, openSigningSecret, slackApiOptions } from './slack-credentials';
import { CLAIM_ACTION } from './slack-message';
import { freshTimestamp, SIGNATURE_MAX_AGE_S, signatureHeader, signatureMatches } from './slack-signature';
import { cachedSlackUser } from './slack-users';
import * as repo from './slack.repo';

export type InteractionDeps = {
  db: Database;
  config: Config;
  logger: Logger;
  clock: () => Date;
  /** Wakes the delivery worker after a claim (the message update is an outbox row). */
  kickDeliveries?: () => void;
};

export type SignedRequest = { rawBody: string; timestamp?: string; signature?: string };

/** A click we act on: who clicked which Claim button, and where to answer them. */
type Click = { teamId: string; userId: string; channelId: string | null; handoffId: string };

const refuse = (why: string) => new AppError('SLACK_SIGNATURE_INVALID', why);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null);
const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

function parsePayload(rawBody: string): Record<string, unknown> | null {
  const json = new URLSearchParams(rawBody).get('payload');
  if (!json) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Checks a Slack interaction request and takes it in: the signature (v0 HMAC-SHA256 over
 * `v0:{timestamp}:{raw body}`, compared in constant time) with the signing secret of the account
 * whose workspace the payload names, a timestamp within 5 minutes of our clock, and a signature
 * never received before (kept in the database until it would be too old anyway, so a replay is
 * refused by any process). Any failure is a 401 and nothing is written. The payload is read before
 * the check only to find whose secret to check it with; nothing acts on it until it verified.
 *
 * Returns the work the click asks for (claiming, answering the clicker), which the caller runs
 * after answering Slack: Slack wants its answer within 3 seconds.
 */
export async function acceptInteraction(
  deps: InteractionDeps,
  req: SignedRequest,
): Promise<() => Promise<void>> {
  const now = deps.clock();
  const signature = signatureHeader(req.signature);
  if (!signature) throw refuse('Missing or malformed X-Slack-Signature');
  const timestamp = freshTimestamp(req.timestamp, now);
  if (timestamp === null) throw refuse('X-Slack-Request-Timestamp is missing or more than 5 minutes off');
  const payload = parsePayload(req.rawBody);
  const teamId = str(obj(payload?.team).id) ?? str(obj(payload?.user).team_id);
  if (!payload || !teamId) throw refuse('The request cannot be verified');

  const candidates = await asSystem(deps.db, 'auth', (q) =>
    repo.findSlackAppsForTeam(q, teamId, str(payload.api_app_id)),
  );
  const box = secretBoxFor(deps.config);
  const app = candidates.find((row) => {
    try {
      return signatureMatches(openSigningSecret(row, box), req.timestamp!, req.rawBody, signature);
    } catch {
      return false; // a secret sealed under a key no longer configured cannot verify anything
    }
  });
  if (!app) throw refuse('The request cannot be verified');

  const expiresAt = new Date((timestamp + SIGNATURE_MAX_AGE_S + 60) * 1000);
  const first = await withTenant(deps.db, app.account_id, (tx) =>
    repo.recordInteractionReceipt(tx, app.account_id, signature, expiresAt, now),
  );
  if (!first) throw refuse('This request was already received');

  const click = claimClick(payload, teamId);
  if (!click) return async () => {}; // the Open handoff link, or an action we do not offer: nothing to do
  return () => handleClaim(deps, app, click);
}

/** The Claim button's click in a `block_actions` payload, or null for any other interaction. */
function claimClick(payload: Record<string, unknown>, teamId: string): Click | null {
  if (payload.type !== 'block_actions' || !Array.isArray(payload.actions)) return null;
  const action = payload.actions.map(obj).find((a) => a.action_id === CLAIM_ACTION);
  const userId = str(obj(payload.user).id);
  if (!action || !userId) return null;
  return {
    teamId,
    userId,
    channelId: str(obj(payload.channel).id) ?? str(obj(payload.container).channel_id),
    handoffId: str(action.value) ?? '',
  };
}

type AppRow = repo.SlackAppSecretsRow;

/**
 * Maps the Slack user to a member by email and claims through the same use case as the web. The
 * winner's message update is an outbox row written by the claim itself; everyone else is told why
 * nothing happened, in a message only they see.
 */
async function handleClaim(deps: InteractionDeps, app: AppRow, click: Click) {
  const accountId = app.account_id;
  let api: SlackApi;
  try {
    api = slackApi(openBotToken(app, secretBoxFor(deps.config)), slackApiOptions(deps.config));
  } catch (err) {
    deps.logger.warn('slack interaction: the bot token cannot be opened', { error: (err as Error).message });
    return;
  }
  const tell = (text: string) => tellClicker(deps, api, click, text);

  if (!UUID.test(click.handoffId)) return tell('This button does not belong to an escalation any more.');
  let email: string | null;
  try {
    const user = await cachedSlackUser(
      api,
      { accountId, teamId: click.teamId, userId: click.userId },
      Date.now(),
    );
    email = user.deleted || user.is_bot ? null : user.email;
  } catch (err) {
    deps.logger.warn('slack interaction: users.info failed', { error: (err as Error).message });
    return tell(
      'ResolutionFlow could not look up your Slack profile just now. Try again, or claim in the web app.',
    );
  }
  if (!email)
    return tell(
      'ResolutionFlow cannot see an email address on your Slack profile, so it cannot tell which member you are. Claim in the web app.',
    );
  const member = await withTenant(deps.db, accountId, (tx) => repo.findMemberByEmail(tx, accountId, email));
  if (!member)
    return tell(
      `No ResolutionFlow member of this account uses ${email}. Ask an admin to invite you with that address, or claim in the web app.`,
    );
  if (!member.is_active)
    return tell('Your ResolutionFlow membership is deactivated, so you cannot claim escalations.');
  if (!isSenior(member.role as Role)) return tell('Only engineers, admins and owners can claim escalations.');

  const ctx = {
    db: deps.db,
    actor: { id: member.id, accountId, role: member.role as Role, name: member.name, email: member.email },
    now: deps.clock(),
  };
  try {
    await claimHandoff(ctx, click.handoffId);
    deps.kickDeliveries?.();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const claimedBy = obj(err.extra?.claimed_by).name;
    if (err.code === 'ALREADY_CLAIMED')
      return tell(`Already claimed by ${typeof claimedBy === 'string' ? claimedBy : 'someone else'}.`);
    if (err.code === 'NOT_FOUND') return tell('This escalation no longer exists.');
    return tell(err.message);
  }
}

/** The clicker's private answer (chat.postEphemeral), tried three times over about a second and a half. */
async function tellClicker(deps: InteractionDeps, api: SlackApi, click: Click, text: string) {
  if (!click.channelId) return;
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.postEphemeral(click.channelId, click.userId, text);
    } catch (err) {
      const retryable = err instanceof SlackApiError && err.retryable;
      if (!retryable || attempt === 3) {
        deps.logger.warn('slack interaction: the ephemeral answer failed', {
          error: (err as Error).message,
          attempts: attempt,
        });
        return;
      }
      await new Promise((r) => setTimeout(r, attempt * 500));
    }
  }
}

const inFlight = new Set<Promise<void>>();

/** Runs a click's work after Slack got its answer; failures are logged, never thrown. */
export function runInBackground(deps: InteractionDeps, work: () => Promise<void>) {
  const task = work()
    .catch((err: Error) => deps.logger.error('slack interaction failed', { error: err.message }))
    .finally(() => inFlight.delete(task));
  inFlight.add(task);
}

/** Resolves once every click taken in so far has been handled (tests, shutdown). */
export async function slackInteractionsSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}
