import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { withTenant } from '../../../server/db/tenant';
import { testConfig, type TestApp } from '../app';
import type { TestClient } from '../test-client';
import { multipartText } from '../knowledge-files';
import { createTestAccount, type TestUser } from '../factories';
import { answerCurrent } from '../sessions';
import { enrolTotp } from './mfa';
import { registerPasskey, SoftAuthenticator } from './passkey';
import { pushSubscriptionBody } from './push-fixtures';
import { sessionFor } from './members';
import { PSA_MEMBER_IDS, type Psa } from './psa';

const TEAM = {
  owner: 'owner',
  admin: 'admin',
  engineer: 'engineer',
  engineer2: 'engineer',
  tech: 'tech',
  viewer: 'viewer',
} as const;
export type TeamMember = keyof typeof TEAM;
/** The five roles of SPEC §2, each played by one member of the tenant. */
export const ROLE_MEMBERS = [
  'owner',
  'admin',
  'engineer',
  'tech',
  'viewer',
] as const satisfies readonly TeamMember[];

/**
 * One tenant with one of everything the API can name by id, created through the API as a real team
 * would: sessions in every status, steps, facts, notes, escalations queued and claimed, a park,
 * bell notifications, channels, deliveries (one dead), an invite, an API token, a stopwatch
 * baseline, a saved escalation policy, a PSA connection with a linked member and a knowledge proposal. `markers` lists every id and distinctive string of the
 * tenant, so a response can be searched for any trace of it.
 */
export type Tenant = Awaited<ReturnType<typeof buildTenant>>;

export async function buildTenant(testApp: TestApp, label: string, webhookUrl: string, psa: Psa) {
  const { app, db } = testApp;
  const tag = `zq${label}${randomBytes(3).toString('hex')}`;
  const acct = await createTestAccount(db, TEAM, `Tenant ${label} ${tag}`);
  const clients = {} as Record<TeamMember, TestClient>;
  for (const key of Object.keys(TEAM) as TeamMember[]) {
    clients[key] = await sessionFor(app, db, { id: acct.users[key].id, accountId: acct.accountId });
  }
  const ok = async (res: Promise<{ status: number; text: string; body: any }>, status: number) => {
    const r = await res;
    expect(r.status, r.text).toBe(status);
    return r.body;
  };
  const { owner, engineer, engineer2, tech } = clients;

  // Channels first, so the escalations below enqueue channel deliveries too.
  const emailChannel = (
    await ok(
      owner.post('/api/v1/channels', {
        kind: 'email',
        name: `Helpdesk ${tag}`,
        target: `helpdesk-${tag}@example.test`,
      }),
      201,
    )
  ).channel;
  const webhookChannel = (
    await ok(
      owner.post('/api/v1/channels', { kind: 'webhook', name: `Hook ${tag}`, target: webhookUrl }),
      201,
    )
  ).channel;
  const policy = {
    levels: [
      {
        after_minutes: 0,
        notify: ['engineer', acct.users.engineer2.id],
        channels: ['in_app', 'email', 'webhook'],
      },
    ],
    repeat: 0,
    catch_all: null,
    p1_factor: 0.5,
    claim_timeout_minutes: null,
  };
  await ok(owner.request('PUT', '/api/v1/escalation-policy', policy), 200);
  // A ConnectWise connection, with the engineer linked to a PSA member.
  await ok(
    owner.request('PUT', '/api/v1/psa/connection', psa.connection({ escalated_status: `Escalated ${tag}` })),
    200,
  );
  await ok(
    owner.request('PUT', `/api/v1/psa/members/${acct.users.engineer.id}`, { member_id: PSA_MEMBER_IDS[0] }),
    200,
  );
  // A PSA history import, left queued (the suites never run its worker).
  const psaHistoryImport = (await ok(owner.post('/api/v1/psa/history-import', {}), 202)).import;

  const start = async (words: string) =>
    ok(
      tech.post('/api/v1/sessions', {
        problem: `Outlook says trying to connect since this morning ${words} ${tag}`,
        ticket: `T-${tag}`,
        client: `Client ${tag}`,
      }),
      201,
    );

  // Active: one answered step, a note and a fact; the next step waits for an answer.
  const active = await start('active');
  const afterAnswer = (await answerCurrent(tech, active)).body;
  const answeredStepId: string = active.current_step.id;
  await ok(
    tech.post(`/api/v1/sessions/${active.session.id}/steps`, { text: `Checked the mailbox quota ${tag}` }),
    201,
  );
  const fact = (
    await ok(tech.post(`/api/v1/sessions/${active.session.id}/facts`, { text: `Webmail works ${tag}` }), 201)
  ).fact;
  const activeView = await ok(tech.get(`/api/v1/sessions/${active.session.id}`), 200);

  const paused = await start('paused');
  await ok(tech.post(`/api/v1/sessions/${paused.session.id}/pause`), 200);
  const park = (
    await ok(
      tech.post(`/api/v1/sessions/${paused.session.id}/handoffs`, {
        intent: 'park',
        engineer_notes: `Bookmark ${tag}`,
      }),
      201,
    )
  ).handoff;

  const queued = await start('queued');
  const queuedHandoff = (
    await ok(
      tech.post(`/api/v1/sessions/${queued.session.id}/handoffs`, {
        intent: 'escalate',
        engineer_notes: `Stuck ${tag}`,
      }),
      201,
    )
  ).handoff;

  const claimed = await start('claimed');
  const claimedHandoff = (
    await ok(
      tech.post(`/api/v1/sessions/${claimed.session.id}/handoffs`, {
        intent: 'escalate',
        engineer_notes: `Help ${tag}`,
        priority: 'p1',
      }),
      201,
    )
  ).handoff;
  await ok(engineer.post(`/api/v1/handoffs/${claimedHandoff.id}/claim`), 200);

  const resolved = await start('resolved');
  await ok(
    tech.post(`/api/v1/sessions/${resolved.session.id}/resolve`, {
      root_cause: `Stale profile ${tag}`,
      resolution_summary: `Rebuilt the profile ${tag}`,
    }),
    200,
  );

  await testApp.assessments.idle();
  // The resolved session's knowledge proposal, drafted as the background drafter would.
  await testApp.proposals.runOnce();
  const proposals = (await ok(owner.get('/api/v1/knowledge/proposals'), 200)).items as { id: string }[];
  expect(proposals.length).toBeGreaterThan(0);
  // Send what the escalations queued (dev outbox mail, the webhook), then make one row dead so it can be retried.
  testApp.deliveries.kick();
  await testApp.deliveries.idle();
  const deliveries = (await ok(owner.get('/api/v1/deliveries?limit=200'), 200)).items as { id: string }[];
  expect(deliveries.length).toBeGreaterThan(1);
  const deadDelivery = deliveries[0]!.id;
  await withTenant(db, acct.accountId, (tx) =>
    tx.query(
      `UPDATE deliveries SET status = 'dead', last_error = 'gave up' WHERE account_id = $1 AND id = $2`,
      [acct.accountId, deadDelivery],
    ),
  );

  const invite = await ok(
    owner.post('/api/v1/invites', { email: `invitee-${tag}@example.test`, role: 'tech' }),
    201,
  );
  const inviteToken = String(invite.accept_url).split('/invite/')[1]!;
  const token = await ok(tech.post('/api/v1/tokens', { name: `Script ${tag}` }), 201);
  const signInSession = (
    (await ok(tech.get('/api/v1/me/sessions'), 200)).items as { id: string; current: boolean }[]
  ).find((s) => s.current)!;
  const baseline = (
    await ok(engineer.post('/api/v1/baselines', { seconds: 420, note: `Phone call ${tag}` }), 201)
  ).baseline;
  const bell = (await ok(engineer2.get('/api/v1/notifications'), 200)).items as { id: string }[];
  const techBell = (await ok(tech.get('/api/v1/notifications'), 200)).items as { id: string }[];
  expect(bell.length).toBeGreaterThan(0);
  expect(techBell.length).toBeGreaterThan(0);

  // A file import, uploaded as the web does (multipart) and run to its end.
  const upload = multipartText([
    {
      name: `wifi-${tag}.md`,
      text: `# Wi-Fi roaming ${tag}\n\nLower the roaming aggressiveness for ${tag}.`,
    },
  ]);
  const fileImport = (
    await ok(engineer.request('POST', '/api/v1/knowledge/import', upload.raw, upload.headers), 202)
  ).import;
  await testApp.imports.idle();

  // An article and an account runbook (a copy of a shipped one under the tenant's own id).
  const article = (
    await ok(
      engineer.post('/api/v1/knowledge/articles', {
        title: `Scanner note ${tag}`,
        body: `## Fix\nReset the scan profile ${tag}.`,
        tags: [tag.toLowerCase()],
      }),
      201,
    )
  ).article;
  const shippedRunbook = (await ok(engineer.get('/api/v1/knowledge/runbooks/network-printer-offline'), 200))
    .runbook;
  const runbook = (
    await ok(
      engineer.post('/api/v1/knowledge/runbooks', {
        ...shippedRunbook,
        id: `printer-${tag.toLowerCase()}`,
        title: `Printer offline ${tag}`,
      }),
      201,
    )
  ).runbook;

  // Two-factor sign-in for one member: its secret and recovery codes must never show up elsewhere.
  const mfa = await enrolTotp(engineer2);
  // And a passkey of the same member (the test app's relying party is its APP_URL).
  const passkeyKey = new SoftAuthenticator(testConfig().appUrl);
  const passkeyId = await registerPasskey(engineer2, passkeyKey);
  // A device of the same member opted in to web push. Its endpoint is kept out of `ids` like the SSO
  // domain below: another tenant may send the same endpoint and see it echoed back in its own device.
  const pushDevice = pushSubscriptionBody();
  const pushDeviceId = (await ok(engineer2.post('/api/v1/push/subscriptions', pushDevice), 201)).subscription
    .id as string;

  // Single sign-on settings with a domain of the tenant's own: another tenant claiming that domain is
  // refused. The domain is kept out of `ids` (and so out of the markers): the refusal may repeat the
  // domain the caller itself sent, which tells them nothing about who holds it (so it is random, not
  // made of the tag, which is a marker).
  const ssoDomain = `sso-${randomBytes(4).toString('hex')}.example`;
  await ok(
    owner.request('PUT', '/api/v1/account/sso', {
      issuer_url: 'http://127.0.0.1:9',
      client_id: `sweep-${tag}`,
      client_secret: `sweep-secret-${tag}`,
      allowed_domains: [ssoDomain],
      enabled: false,
    }),
    200,
  );

  // An on-call schedule with an override and a private calendar link (SPEC §15).
  const schedule = (
    await ok(
      owner.post('/api/v1/schedules', {
        name: `Rota ${tag}`,
        time_zone: 'Europe/London',
        layers: [
          {
            name: `Primary ${tag}`,
            members: [acct.users.engineer.id, acct.users.engineer2.id],
            rotation: { start: '2026-01-05T09:00', length_hours: 168 },
          },
        ],
      }),
      201,
    )
  ).schedule;
  const scheduleOverride = (
    await ok(
      owner.post(`/api/v1/schedules/${schedule.id}/overrides`, {
        user_id: acct.users.engineer2.id,
        start: new Date(Date.now() + 3_600_000).toISOString(),
        end: new Date(Date.now() + 7_200_000).toISOString(),
      }),
      201,
    )
  ).override;
  const calendarUrl = new URL(
    (await ok(owner.post(`/api/v1/schedules/${schedule.id}/calendar-link`), 201)).calendar_url,
  );

  const ids = {
    account: acct.accountId,
    users: Object.fromEntries(Object.entries(acct.users).map(([k, u]) => [k, (u as TestUser).id])) as Record<
      TeamMember,
      string
    >,
    sessions: {
      active: active.session.id as string,
      paused: paused.session.id as string,
      queued: queued.session.id as string,
      claimed: claimed.session.id as string,
      resolved: resolved.session.id as string,
    },
    steps: {
      answered: answeredStepId,
      current: (afterAnswer.current_step?.id ?? answeredStepId) as string,
      /** A step of the claimed session (its first, unanswered one). */
      claimed: claimed.current_step.id as string,
    },
    fact: fact.id as string,
    handoffs: {
      queued: queuedHandoff.id as string,
      claimed: claimedHandoff.id as string,
      park: park.id as string,
    },
    channels: { email: emailChannel.id as string, webhook: webhookChannel.id as string },
    deliveries: deliveries.map((d) => d.id),
    deadDelivery,
    invite: { id: invite.id as string, token: inviteToken },
    apiToken: { id: token.id as string, secret: token.token as string },
    signInSession: signInSession.id as string,
    baseline: baseline.id as string,
    notifications: { engineer2: bell.map((n) => n.id), tech: techBell.map((n) => n.id) },
    notes: (activeView.steps as { id: string }[]).map((s) => s.id),
    knowledgeImport: fileImport.id as string,
    psaHistoryImport: psaHistoryImport.id as string,
    proposals: proposals.map((p) => p.id),
    article: article.id as string,
    runbook: runbook.id as string,
    mfa: { secret: mfa.secret, recoveryCodes: mfa.recoveryCodes },
    passkey: { id: passkeyId, credentialId: passkeyKey.id },
    pushDevice: pushDeviceId,
    schedule: {
      id: schedule.id as string,
      override: scheduleOverride.id as string,
      calendarToken: calendarUrl.searchParams.get('token')!,
    },
  };
  const markers = [
    tag,
    acct.accountId,
    ...Object.values(acct.users).flatMap((u) => [u.id, u.email, u.name]),
    ...collectStrings(ids),
  ];
  return {
    label,
    tag,
    accountId: acct.accountId,
    users: acct.users,
    clients,
    ids,
    sso: { domain: ssoDomain, secret: `sweep-secret-${tag}` },
    push: { endpoint: pushDevice.endpoint },
    markers: [...new Set([...markers, `sweep-secret-${tag}`])],
  };
}

function collectStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(collectStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(collectStrings);
  return [];
}

/** The markers of `tenant` found in `text`, leaving out the ones the caller put in the request itself. */
export function leakedMarkers(tenant: Pick<Tenant, 'markers'>, text: string, sent: string) {
  const lower = text.toLowerCase();
  return tenant.markers.filter((m) => m.length >= 6 && !sent.includes(m) && lower.includes(m.toLowerCase()));
}
