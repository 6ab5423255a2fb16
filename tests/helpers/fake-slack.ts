import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * A stand-in for the part of Slack's Web API the Slack app uses, on 127.0.0.1, written from Slack's
 * public method reference: every method answers HTTP 200 with `{ ok: true, … }` or
 * `{ ok: false, error }`, takes the token as `Authorization: Bearer`, and chat methods take JSON.
 *
 * - auth.test: the workspace, bot user and app of the token (invalid_auth / not_authed otherwise);
 * - chat.postMessage: stores the message under a new ts in the channel (a `#name` gets an id);
 * - chat.update: replaces a stored message (message_not_found for an unknown channel/ts);
 * - chat.postEphemeral: records a message only `user` would see;
 * - users.info (GET ?user=): the user with `profile.email` (user_not_found otherwise);
 * - POST /response/{id}: a `response_url` receiver, recording what was posted to it.
 *
 * Every call is recorded in `calls`; tests wait on `waitFor` (event driven, no polling).
 */

export type FakeSlackUser = {
  id: string;
  email: string | null;
  name: string;
  deleted?: boolean;
  is_bot?: boolean;
};
export type Workspace = {
  token: string;
  teamId: string;
  teamName: string;
  appId: string;
  botUserId: string;
  users: FakeSlackUser[];
};
export type SlackCall = { method: string; token: string | null; body: any; at: number };
export type StoredMessage = { channel: string; ts: string; text: string; blocks: any[]; updates: number };

export async function startFakeSlack() {
  const workspaces = new Map<string, Workspace>();
  const calls: SlackCall[] = [];
  const messages = new Map<string, StoredMessage>();
  const ephemerals: { channel: string; user: string; text: string; teamId: string }[] = [];
  const responses: { id: string; body: any }[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(1000);
  /** Failures to answer with, per method, consumed one by one. */
  const failures = new Map<string, ({ status: number } | { error: string })[]>();
  let seq = 0;

  const channelId = (raw: string) =>
    raw.startsWith('#') || /^[a-z]/.test(raw)
      ? `C${createHmac('sha256', 'fake-slack').update(raw.replace(/^#/, '')).digest('hex').slice(0, 9).toUpperCase()}`
      : raw;

  const send = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));

  function handle(method: string, ws: Workspace | undefined, body: any, query: URLSearchParams) {
    if (!ws) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: `https://${ws.teamName.toLowerCase().replace(/\W+/g, '')}.slack.com/`,
          team: ws.teamName,
          user: 'resolutionflow',
          team_id: ws.teamId,
          user_id: ws.botUserId,
          bot_id: `B${ws.botUserId.slice(1)}`,
          app_id: ws.appId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        if (typeof body?.channel !== 'string') return { ok: false, error: 'channel_not_found' };
        if (!body.text && !Array.isArray(body.blocks)) return { ok: false, error: 'no_text' };
        const channel = channelId(body.channel);
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
        const m = { channel, ts, text: body.text ?? '', blocks: body.blocks ?? [], updates: 0 };
        messages.set(`${channel}:${ts}`, m);
        return { ok: true, channel, ts, message: { type: 'message', text: m.text, blocks: m.blocks, ts } };
      }
      case 'chat.update': {
        const m = messages.get(`${String(body?.channel)}:${String(body?.ts)}`);
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = body.text ?? m.text;
        m.blocks = body.blocks ?? m.blocks;
        m.updates++;
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
      }
      case 'chat.postEphemeral': {
        if (typeof body?.channel !== 'string') return { ok: false, error: 'channel_not_found' };
        if (!ws.users.some((u) => u.id === body.user)) return { ok: false, error: 'user_not_in_channel' };
        ephemerals.push({
          channel: body.channel,
          user: body.user,
          text: String(body.text ?? ''),
          teamId: ws.teamId,
        });
        return { ok: true, message_ts: `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}` };
      }
      case 'users.info': {
        const u = ws.users.find((x) => x.id === query.get('user'));
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: ws.teamId,
            name: u.name.toLowerCase().replace(/\W+/g, '.'),
            deleted: Boolean(u.deleted),
            real_name: u.name,
            is_bot: Boolean(u.is_bot),
            profile: { real_name: u.name, display_name: u.name, ...(u.email ? { email: u.email } : {}) },
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://fake-slack');
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = Object.fromEntries(new URLSearchParams(raw));
      }
      const response = /^\/response\/([\w-]+)$/.exec(url.pathname);
      if (response && req.method === 'POST') {
        responses.push({ id: response[1]!, body });
        events.emit('change');
        return send(res, 200, { ok: true });
      }
      const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
      if (!api) return send(res, 404, { ok: false, error: 'not_found' });
      const method = api[1]!;
      const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
      const token = auth?.[1] ?? null;
      calls.push({
        method,
        token,
        body: method === 'users.info' ? Object.fromEntries(url.searchParams) : body,
        at: Date.now(),
      });
      const failure = failures.get(method)?.shift();
      if (failure) {
        events.emit('change');
        return 'status' in failure
          ? send(res, failure.status, { ok: false, error: 'fake_failure' })
          : send(res, 200, { ok: false, error: failure.error });
      }
      const answer = token
        ? handle(method, workspaces.get(token), body, url.searchParams)
        : { ok: false, error: 'not_authed' };
      send(res, 200, answer);
      events.emit('change');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  const origin = `http://127.0.0.1:${port}`;

  /** Resolves with `check()`'s first truthy value, re-checked after every call the stand-in receives. */
  function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const look = () => {
        const v = check();
        if (v === undefined || v === false) return false;
        clearTimeout(timer);
        events.off('change', look);
        resolve(v);
        return true;
      };
      const timer = setTimeout(() => {
        events.off('change', look);
        reject(new Error(`fake Slack: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      if (!look()) events.on('change', look);
    });
  }

  return {
    /** SLACK_API_URL for the app. */
    apiUrl: `${origin}/api`,
    /** A `response_url` Slack would put in a payload. */
    responseUrl: (id: string) => `${origin}/response/${id}`,
    addWorkspace(ws: Workspace) {
      workspaces.set(ws.token, ws);
      return ws;
    },
    /** The next answers of `method`: an HTTP status (a 5xx, 429…) or a Slack error code, in order. */
    failNext(method: string, ...answers: ({ status: number } | { error: string })[]) {
      failures.set(method, [...(failures.get(method) ?? []), ...answers]);
    },
    calls,
    callsOf: (method: string) => calls.filter((c) => c.method === method),
    messages: () => [...messages.values()],
    ephemerals,
    responses,
    waitFor,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

/** `v0=` signature of Slack's signing secret scheme, for requests the tests send as Slack. */
export const signSlack = (secret: string, timestamp: string, body: string) =>
  `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;

/** A Claim (or other button) click as Slack posts it to the interactivity URL: `payload=<JSON>`. */
export function blockActionsBody(o: {
  ws: Pick<Workspace, 'teamId' | 'appId'>;
  userId: string;
  channel: string;
  messageTs: string;
  actionId: string;
  value?: string;
  responseUrl?: string;
}) {
  const payload = {
    type: 'block_actions',
    team: { id: o.ws.teamId, domain: 'fake' },
    user: { id: o.userId, username: o.userId.toLowerCase(), team_id: o.ws.teamId },
    api_app_id: o.ws.appId,
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: o.messageTs, channel_id: o.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.trigger`,
    channel: { id: o.channel, name: 'escalations' },
    message: { type: 'message', ts: o.messageTs },
    response_url: o.responseUrl ?? 'https://hooks.slack.com/actions/T0/1/unused',
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: 'handoff_actions',
        text: { type: 'plain_text', text: 'Claim' },
        ...(o.value ? { value: o.value } : {}),
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Headers Slack sends with a signed request, for `body` signed at `at` (default now). */
export function slackHeaders(secret: string, body: string, at: Date = new Date()) {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signSlack(secret, timestamp, body),
  };
}
