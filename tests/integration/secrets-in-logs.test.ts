import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { FakeLlm } from '../helpers/fake-llm';
import { startReceiver, type Receiver } from '../helpers/http-receiver';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

const random = (n = 18) => randomBytes(n).toString('base64url');
const DEMO_PASSWORD = 'demo-password';

type Reply = { status: number; text: string; body: any; headers: Headers };

/**
 * The real server as a child process with LOG_LEVEL=debug, exercised through every path that
 * handles a secret: passwords, session cookies and CSRF tokens, API tokens, invite and password
 * reset links, webhook URLs and signing secrets, a hosted model's API key. Then every log line the
 * process wrote and every error body it answered is searched for each of those secrets.
 */
describe(`security: secrets never appear in logs or error bodies (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let server: ServerProcess;
  /** On PostgreSQL runs the server process uses a database of its own, seeded with the demo. */
  let pg: TestDatabase | undefined;
  let smtp: SmtpCatcher;
  let hooks: Receiver;
  const llm = new FakeLlm();
  const AI_KEY = `sk-live-${random()}`;
  /** Every secret the scenario handled, by what it is. */
  const secrets = new Map<string, string>();
  /** Bodies of every answer that reported a failure (4xx/5xx, or `{ ok: false }`). */
  const errorBodies: { what: string; text: string }[] = [];
  const keep = (what: string, value: string) => {
    // A short value would match by accident and prove nothing.
    if (!value || value.length < 12) throw new Error(`${what} is missing or too short to search for`);
    secrets.set(what, value);
    return value;
  };

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    // A receiver that fails the way many web frameworks do: a 500 page repeating the URL it was called on.
    hooks = await startReceiver((req, res) =>
      res
        .writeHead(500, { 'content-type': 'text/html' })
        .end(`<h1>Error</h1><pre>Cannot POST ${req.url}</pre>`),
    );
    await llm.start();
    llm.mode = 'server_error';
    pg = onPostgres ? await createTestDatabase({ demo: true }) : undefined; // the server finds the demo seeded
    server = await startServerProcess({
      ...(pg ? { DATABASE_URL: pg.url!, SEED_DEMO: 'on' } : {}),
      LOG_LEVEL: 'debug',
      SMTP_URL: smtp.url,
      ALLOW_PRIVATE_WEBHOOKS: 'true',
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: `${llm.url}/v1`,
      AI_MODEL: 'test-model',
      AI_API_KEY: keep('hosted model API key', AI_KEY),
      AI_REQUEST_TIMEOUT_MS: '3000',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await Promise.all([smtp?.close(), hooks?.close(), llm.stop()]);
    await pg?.drop();
  });

  type Caller = { cookie?: string; csrf?: string; bearer?: string };

  async function call(
    method: string,
    path: string,
    body?: unknown,
    as: Caller = {},
    contentType = 'application/json',
  ): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = contentType;
    if (as.cookie) headers.cookie = as.cookie;
    if (as.csrf) headers['x-csrf-token'] = as.csrf;
    if (as.bearer) headers.authorization = `Bearer ${as.bearer}`;
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (res.status >= 400 || parsed?.ok === false)
      errorBodies.push({ what: `${method} ${path} → ${res.status}`, text });
    return { status: res.status, text, body: parsed, headers: res.headers };
  }

  async function signIn(email: string, password: string): Promise<Caller> {
    const res = await call('POST', '/api/v1/auth/login', { email, password });
    expect(res.status, res.text).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    keep(`session cookie of ${email}`, cookie.split('=')[1]!);
    return { cookie, csrf: keep(`CSRF token of ${email}`, res.body.csrf_token) };
  }

  async function waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined> | T | undefined,
    timeoutMs = 30_000,
  ): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  let owner: Caller;
  let member: Caller;
  const memberEmail = `secret-tester-${random(4).toLowerCase()}@northwind.test`;
  const memberPassword = keep('member password', `pw-${random()}`);

  it('invite links: created, looked up, refused and accepted', async () => {
    owner = await signIn('owner@northwind.test', DEMO_PASSWORD);
    const invite = await call('POST', '/api/v1/invites', { email: memberEmail, role: 'engineer' }, owner);
    expect(invite.status).toBe(201);
    const token = keep('invite token', invite.body.accept_url.split('/invite/')[1]);
    expect((await call('GET', `/api/v1/invites/accept/${token}`)).status).toBe(200);
    expect(
      (await call('POST', '/api/v1/invites/accept', { token, name: 'Secret Tester', password: 'short' }))
        .status,
    ).toBe(400);
    expect(
      (
        await call('POST', '/api/v1/invites/accept', {
          token: `${token}x`,
          name: 'Secret Tester',
          password: memberPassword,
        })
      ).status,
    ).toBe(404);
    const accepted = await call('POST', '/api/v1/invites/accept', {
      token,
      name: 'Secret Tester',
      password: memberPassword,
    });
    expect(accepted.status).toBe(201);
    expect(
      (await call('POST', '/api/v1/invites/accept', { token, name: 'Again', password: memberPassword }))
        .status,
    ).toBe(410);
    expect((await call('GET', `/api/v1/invites/accept/${token}`)).status).toBe(410);
  });

  it('passwords: a wrong one, a right one, and malformed bodies carrying one', async () => {
    const wrong = keep('wrong password', `wrong-${random()}`);
    expect((await call('POST', '/api/v1/auth/login', { email: memberEmail, password: wrong })).status).toBe(
      401,
    );
    expect(
      (await call('POST', '/api/v1/auth/login', `{"email":"${memberEmail}","password":"${wrong}"`)).status,
    ).toBe(400);
    expect(
      (await call('POST', '/api/v1/auth/login', { email: memberEmail, password: wrong }, {}, 'text/plain'))
        .status,
    ).toBeGreaterThanOrEqual(400);
    expect((await call('POST', '/api/v1/auth/login', { email: [memberEmail], password: wrong })).status).toBe(
      400,
    );
    member = await signIn(memberEmail, memberPassword);
    // Wrong CSRF token: refused, and the refusal does not echo either token.
    expect(
      (
        await call(
          'POST',
          '/api/v1/tokens',
          { name: 'x' },
          { cookie: member.cookie, csrf: `${member.csrf}-forged` },
        )
      ).status,
    ).toBe(403);
  });

  it('API tokens: created, used, forged and revoked', async () => {
    const created = await call('POST', '/api/v1/tokens', { name: 'ci' }, member);
    expect(created.status).toBe(201);
    const token = keep('API token', created.body.token);
    expect((await call('GET', '/api/v1/me', undefined, { bearer: token })).status).toBe(200);
    expect(
      (
        await call(
          'POST',
          '/api/v1/sessions',
          { problem: 'Teams calls drop after a minute' },
          { bearer: token },
        )
      ).status,
    ).toBe(201);
    const forged = keep('forged API token', `rfp_${random(32)}`);
    expect((await call('GET', '/api/v1/me', undefined, { bearer: forged })).status).toBe(401);
    expect((await call('DELETE', `/api/v1/tokens/${created.body.id}`, undefined, member)).status).toBe(204);
    expect((await call('GET', '/api/v1/me', undefined, { bearer: token })).status).toBe(401);
    expect((await call('GET', '/api/v1/me', undefined, { cookie: `rf_session=${token}` })).status).toBe(401);
  });

  const origin = () => new URL(hooks.url).origin;
  const slackSecret = keep('Slack webhook path secret', `slk${random(18)}`);
  const teamsSig = keep('Teams webhook signature', `sig${random(24)}`);
  const hookSecret = keep('webhook URL path secret', `whk${random(18)}`);

  it('channels: webhook URLs and signing secrets at creation, refusal and send test', async () => {
    const targets = {
      slack: `${origin()}/services/T0AAA/B0BBB/${slackSecret}`,
      teams: `${origin()}/workflows/1f2e/triggers/manual/paths/invoke?api-version=2016-06-01&sig=${teamsSig}`,
      webhook: `${origin()}/hooks/${hookSecret}`,
    };
    for (const [kind, target] of Object.entries(targets)) {
      const made = await call('POST', '/api/v1/channels', { kind, name: `${kind} room`, target }, owner);
      expect(made.status, made.text).toBe(201);
      if (kind === 'webhook') keep('webhook signing secret', made.body.secret);
      const tested = await call('POST', `/api/v1/channels/${made.body.channel.id}/test`, undefined, owner);
      expect(tested.body).toMatchObject({ ok: false, error: expect.stringMatching(/^HTTP 500/) });
    }
    for (const target of [
      `ftp://${slackSecret}.example.com/x`,
      `https://hooks.invalid/services/${slackSecret}`,
      `notaurl ${hookSecret}`,
    ]) {
      expect(
        (await call('POST', '/api/v1/channels', { kind: 'slack', name: 'bad', target }, owner)).status,
        target,
      ).toBe(400);
    }
    const list = await call('GET', '/api/v1/channels', undefined, owner);
    for (const s of [slackSecret, teamsSig, hookSecret]) expect(list.text).not.toContain(s);
  });

  it('failing deliveries and a failing hosted model during an escalation', async () => {
    const tech = await signIn('tech@northwind.test', DEMO_PASSWORD);
    const before = hooks.requests.length;
    const session = await call(
      'POST',
      '/api/v1/sessions',
      { problem: 'Outlook asks for the password every ten minutes on one laptop' },
      tech,
    );
    expect(session.status).toBe(201);
    llm.mode = 'malformed_body';
    expect(
      (
        await call(
          'POST',
          `/api/v1/sessions/${session.body.session.id}/handoffs`,
          { intent: 'escalate', engineer_notes: 'Cleared the credential manager, no change' },
          tech,
        )
      ).status,
    ).toBe(201);
    await waitFor('three failed channel deliveries', async () => {
      const log = await call('GET', '/api/v1/deliveries', undefined, owner);
      const failed = log.body.items.filter(
        (d: { channel: string; status: string }) => d.channel !== 'email' && d.status === 'failed',
      );
      return failed.length >= 3 ? failed : undefined;
    });
    expect(hooks.requests.length - before).toBeGreaterThanOrEqual(3);
    const log = await call('GET', '/api/v1/deliveries', undefined, owner);
    for (const s of [slackSecret, teamsSig, hookSecret]) expect(log.text, 'delivery log').not.toContain(s);
    expect(llm.requests.length).toBeGreaterThan(0);
    expect(llm.requests.every((r) => r.headers.authorization === `Bearer ${AI_KEY}`)).toBe(true);
  });

  it('password reset links: requested, looked up, refused and used', async () => {
    expect((await call('POST', '/api/v1/auth/password-reset', { email: memberEmail })).status).toBe(202);
    expect(
      (await call('POST', '/api/v1/auth/password-reset', { email: `nobody-${random(4)}@example.test` }))
        .status,
    ).toBe(202);
    const mail = await waitFor('the reset mail', () =>
      smtp.to([memberEmail]).find((m) => m.subject.includes('Reset')),
    );
    const token = keep('password reset token', /\/reset-password\/(rfr_[A-Za-z0-9_-]+)/.exec(mail.text)![1]!);
    expect((await call('GET', `/api/v1/auth/password-reset/${token}`)).status).toBe(200);
    expect(
      (await call('POST', '/api/v1/auth/password-reset/confirm', { token, password: 'short' })).status,
    ).toBe(400);
    expect(
      (
        await call('POST', '/api/v1/auth/password-reset/confirm', {
          token: `${token}x`,
          password: memberPassword,
        })
      ).status,
    ).toBe(404);
    const newPassword = keep('new password', `new-${random()}`);
    const done = await call('POST', '/api/v1/auth/password-reset/confirm', { token, password: newPassword });
    expect(done.status).toBe(200);
    keep('session cookie after reset', done.headers.get('set-cookie')!.split(';')[0]!.split('=')[1]!);
    expect(
      (await call('POST', '/api/v1/auth/password-reset/confirm', { token, password: newPassword })).status,
    ).toBe(410);
    expect((await call('GET', `/api/v1/auth/password-reset/${token}`)).status).toBe(410);
    // The old session of the member was revoked by the reset.
    expect((await call('GET', '/api/v1/me', undefined, member)).status).toBe(401);
  });

  it('no secret appears in any log line or in any error body', async () => {
    const output = server.output();
    const lines = output.split('\n').filter((l) => l.startsWith('{'));
    const logs = lines.map((l) => JSON.parse(l) as { msg: string; path?: string; kind?: string });
    expect(logs.find((l) => l.msg === 'database ready')?.kind).toBe(onPostgres ? 'postgres' : 'pglite');
    // The paths that handle secrets really ran and were logged, so the search below means something.
    expect(logs.some((l) => l.msg === 'delivery attempt failed')).toBe(true);
    expect(logs.some((l) => l.msg.startsWith('hosted') && l.msg.includes('failed'))).toBe(true);
    expect(logs.some((l) => l.path === '/api/v1/invites/accept/[redacted]')).toBe(true);
    expect(logs.some((l) => l.path === '/api/v1/auth/password-reset/[redacted]')).toBe(true);
    expect(errorBodies.length).toBeGreaterThan(20);

    const leaks: string[] = [];
    for (const [what, secret] of secrets) {
      if (output.includes(secret)) leaks.push(`${what} in the server output: …${excerpt(output, secret)}…`);
      for (const body of errorBodies)
        if (body.text.includes(secret))
          leaks.push(`${what} in the error body of ${body.what}: ${body.text.slice(0, 300)}`);
    }
    expect(leaks).toEqual([]);
  });
});

function excerpt(text: string, secret: string) {
  const at = text.indexOf(secret);
  return text.slice(Math.max(0, at - 120), at + secret.length + 40).replace(secret, '<SECRET>');
}
