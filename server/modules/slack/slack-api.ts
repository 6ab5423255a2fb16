import { exchangeJson, OutboundHttpError } from '../../lib/outbound-http';

/**
 * The few Slack Web API methods the Slack app uses, against the configured base (SLACK_API_URL,
 * Slack's own by default). The base is the operator's configuration, not a tenant's input, so it is
 * not put through the webhook URL guard; the bot token goes in the Authorization header, never in a
 * URL, so it cannot end up in a stored error.
 *
 * Slack answers HTTP 200 with `{ ok: false, error }` for refusals, and 429 with Retry-After when a
 * method's rate limit is reached.
 */
export class SlackApiError extends Error {
  constructor(
    message: string,
    /** Slack's error code (`invalid_auth`, `channel_not_found`…), or `http_<status>` / `unreachable`. */
    readonly slackError: string,
    /** Worth trying again later: Slack or the network failed, not the request. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export type SlackBlock = Record<string, unknown>;
export type SlackMessage = { text: string; blocks: SlackBlock[] };

export type AuthTest = { team_id: string; team: string; user_id: string; app_id: string | null };
export type SlackUser = {
  id: string;
  email: string | null;
  deleted: boolean;
  is_bot: boolean;
  real_name: string | null;
};

export type SlackApiOptions = { baseUrl: string; timeoutMs: number };

/** Loopback stand-ins in tests and Slack itself in production are both fine: the base is configuration. */
const TRUSTED_BASE = { requireHttps: false, allowPrivate: true } as const;

export function slackApi(token: string, o: SlackApiOptions) {
  async function call(
    method: string,
    init: { json?: Record<string, unknown>; query?: Record<string, string> },
  ) {
    const qs = init.query ? `?${new URLSearchParams(init.query).toString()}` : '';
    let res;
    try {
      res = await exchangeJson(
        init.json ? 'POST' : 'GET',
        `${o.baseUrl}/${method}${qs}`,
        init.json ? JSON.stringify(init.json) : null,
        { authorization: `Bearer ${token}`, 'user-agent': 'ResolutionFlow-SlackApp/1.0' },
        { ...TRUSTED_BASE, timeoutMs: o.timeoutMs },
      );
    } catch (err) {
      const why = err instanceof OutboundHttpError ? err.message : (err as Error).message;
      throw new SlackApiError(`Slack ${method}: ${why}`, 'unreachable', true);
    }
    if (res.status === 429) {
      const wait = res.headers['retry-after'];
      throw new SlackApiError(
        `Slack ${method}: rate limited${wait ? ` (retry after ${String(wait)} s)` : ''}`,
        'ratelimited',
        true,
      );
    }
    if (res.status < 200 || res.status >= 300)
      throw new SlackApiError(`Slack ${method}: HTTP ${res.status}`, `http_${res.status}`, res.status >= 500);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(res.body) as Record<string, unknown>;
    } catch {
      throw new SlackApiError(`Slack ${method}: the answer is not JSON`, 'bad_answer', true);
    }
    if (body.ok !== true) {
      const error = typeof body.error === 'string' ? body.error : 'unknown_error';
      // Slack's own trouble is worth retrying; everything else is about the request or the token.
      const retryable = ['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'].includes(
        error,
      );
      throw new SlackApiError(`Slack ${method}: ${error}`, error, retryable);
    }
    return body;
  }

  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);

  return {
    async authTest(): Promise<AuthTest> {
      const b = await call('auth.test', { json: {} });
      const teamId = str(b.team_id);
      if (!teamId) throw new SlackApiError('Slack auth.test: no team_id in the answer', 'bad_answer', false);
      return {
        team_id: teamId,
        team: str(b.team) ?? '',
        user_id: str(b.user_id) ?? '',
        app_id: str(b.app_id),
      };
    },
    async postMessage(channel: string, message: SlackMessage) {
      const b = await call('chat.postMessage', { json: { channel, ...message, unfurl_links: false } });
      const ts = str(b.ts);
      const at = str(b.channel);
      if (!ts || !at)
        throw new SlackApiError('Slack chat.postMessage: no ts in the answer', 'bad_answer', false);
      return { channel: at, ts };
    },
    async update(channel: string, ts: string, message: SlackMessage) {
      await call('chat.update', { json: { channel, ts, ...message } });
    },
    async postEphemeral(channel: string, user: string, text: string) {
      await call('chat.postEphemeral', { json: { channel, user, text } });
    },
    /** Needs the `users:read` and `users:read.email` scopes for the email. */
    async userInfo(user: string): Promise<SlackUser> {
      const b = await call('users.info', { query: { user } });
      const u = (b.user ?? {}) as Record<string, unknown>;
      const profile = (u.profile ?? {}) as Record<string, unknown>;
      return {
        id: str(u.id) ?? user,
        email: str(profile.email),
        deleted: u.deleted === true,
        is_bot: u.is_bot === true,
        real_name: str(u.real_name) ?? str(profile.real_name),
      };
    },
  };
}

export type SlackApi = ReturnType<typeof slackApi>;
