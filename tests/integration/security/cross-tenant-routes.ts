import { newDeviceKeys } from '../../helpers/fake-push-service';
import { multipartText } from '../../helpers/knowledge-files';
import { totpCodeAt } from '../../helpers/security/mfa';
import { PSA_MEMBER_IDS, PSA_TICKET } from '../../helpers/security/psa';
import { addSuiteSlackUser, signedClaim, slackAppBody } from '../../helpers/security/slack';
import type { Tenant } from '../../helpers/security/tenant-world';

/**
 * How the cross-tenant sweep calls each operation of the OpenAPI document: a member of tenant B
 * fills the path (and, where an operation takes ids in its body, the body) with tenant A's real ids.
 *
 * - `refused`: A's object named in the path must answer 403 or 404.
 * - `rejected`: B's own object in the path, A's ids in the body: 400, 403 or 404.
 * - `own-data`: nothing of A's is named (lists, creations, the caller's own things): any answer but
 *   a 5xx, and never a trace of A.
 * Every probe also checks that the answer holds none of A's ids or strings and that A's rows are
 * unchanged afterwards. An operation missing from this table fails the sweep.
 */
export type Expectation = 'refused' | 'rejected' | 'own-data';

export type Probe = {
  label: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** A body sent as is with its headers (multipart uploads), for operations without a JSON body. */
  raw?: string;
  headers?: Record<string, string>;
  expect: Expectation;
  /**
   * `fresh-session`: the call ends the caller's session (logout), so it gets a session of its own.
   * `fresh-member`: the call spends the member (leaving the account), so a new one of the same role is made.
   */
  caller?: 'fresh-session' | 'fresh-member';
  /** The call is public and may act on A by design (say why); A's rows are then not compared. */
  mayTouchA?: string;
  /** Puts B back in the state the probe needs before each call (B's own objects only). */
  prepare?: () => Promise<unknown>;
};

type ProbeTable = Record<
  string,
  (a: Tenant, b: Tenant, psa: { connection: () => Record<string, unknown> }) => Probe[]
>;

/** B's own PSA connection, saved again (the sweep also deletes it). */
const connectB = (b: Tenant, psa: { connection: () => Record<string, unknown> }) => () =>
  b.clients.owner.request('PUT', '/api/v1/psa/connection', psa.connection());

const refuse = (label: string, params: Record<string, string>, body?: unknown): Probe => ({
  label,
  params,
  body,
  expect: 'refused',
});
const own = (label: string, extra: Omit<Probe, 'label' | 'expect'> = {}): Probe => ({
  label,
  expect: 'own-data',
  ...extra,
});

const B_SLACK_SECRET = 'b5ecb5ecb5ecb5ecb5ecb5ecb5ecb5ec';
/** B's own Slack app, saved again (the sweep also deletes it). */
const slackB = (b: Tenant) => () =>
  b.clients.owner.request('PUT', '/api/v1/integrations/slack', slackAppBody(B_SLACK_SECRET));
/**
 * B's engineer clicks Claim in Slack on a button carrying A's queued handoff, correctly signed with
 * B's secret: the click is B's, and claims nothing of A. Each call is signed afresh (a replay would
 * stop at the signature check).
 */
function slackClickOnA(a: Tenant, b: Tenant): Probe {
  let signed = { raw: '', headers: {} as Record<string, string> };
  return {
    label: 'B’s signed Slack click on A’s handoff',
    expect: 'own-data',
    get raw() {
      return signed.raw;
    },
    get headers() {
      return signed.headers;
    },
    prepare: async () => {
      addSuiteSlackUser('USECBENGINEER', b.users.engineer.email);
      await slackB(b)();
      signed = signedClaim(B_SLACK_SECRET, a.ids.handoffs.queued, 'USECBENGINEER');
    },
  };
}

/** Each of A's sessions, in every status a session can be named in. */
const aSessions = (a: Tenant) => Object.entries(a.ids.sessions).map(([status, id]) => ({ status, id }));
const sessionProbes = (a: Tenant, body?: unknown) =>
  aSessions(a).map(({ status, id }) => refuse(`A's ${status} session`, { id }, body));
const handoffProbes = (a: Tenant) =>
  Object.entries(a.ids.handoffs).map(([kind, id]) => refuse(`A's ${kind} handoff`, { id }));
/** A one-layer rota with `member` on it. */
const rota = (member: string) => ({
  name: 'Sweep rota',
  time_zone: 'UTC',
  layers: [{ name: 'Primary', members: [member], rotation: { start: '2031-01-06T09:00', length_hours: 24 } }],
});
const validPolicy = (notify: string[]) => ({
  levels: [{ after_minutes: 0, notify, channels: ['in_app'] }],
  repeat: 0,
  catch_all: null,
  p1_factor: 0.5,
  claim_timeout_minutes: null,
});

export const CROSS_TENANT_PROBES: ProbeTable = {
  'POST /auth/login': (a) => [
    own('sign in with A’s email and a wrong password', {
      body: { email: a.users.tech.email, password: 'not-the-password-1' },
    }),
  ],
  'POST /auth/logout': () => [own('sign out', { caller: 'fresh-session' })],
  'GET /me': () => [own('who am I')],
  'POST /auth/mfa': (a) => [
    own('complete a sign-in with a token made of A’s user id and A’s recovery code', {
      body: { mfa_token: `rfm_${a.ids.users.engineer2}`, recovery_code: a.ids.mfa.recoveryCodes[0] },
    }),
  ],
  'POST /me/mfa/totp': () => [own('start one’s own authenticator set-up')],
  'POST /me/mfa/totp/confirm': (a) => [
    own('confirm with a current code of A’s secret', { body: { code: totpCodeAt(a.ids.mfa.secret) } }),
  ],
  'DELETE /me/mfa/totp': (a) => [
    own('turn off with A’s recovery code', { body: { recovery_code: a.ids.mfa.recoveryCodes[1] } }),
  ],
  'POST /me/mfa/recovery-codes': (a) => [
    own('renew with a current code of A’s secret', { body: { code: totpCodeAt(a.ids.mfa.secret) } }),
  ],
  'POST /auth/mfa/passkey/options': (a) => [
    own('passkey options for a token made of A’s user id', {
      body: { mfa_token: `rfm_${a.ids.users.engineer2}` },
    }),
  ],
  'POST /me/mfa/passkeys/options': () => [own('start registering one’s own passkey')],
  'POST /me/mfa/passkeys': (a) => [
    own('register A’s credential id without a matching challenge', {
      body: {
        name: 'Borrowed',
        response: {
          id: a.ids.passkey.credentialId,
          rawId: a.ids.passkey.credentialId,
          type: 'public-key',
          response: { clientDataJSON: 'e30', attestationObject: 'oA' },
          clientExtensionResults: {},
        },
      },
    }),
  ],
  'GET /me/mfa/passkeys': () => [own('list one’s own passkeys')],
  'DELETE /me/mfa/passkeys/{id}': (a) => [refuse('A’s passkey', { id: a.ids.passkey.id })],
  'GET /account/settings': () => [own('read the account settings')],
  'PATCH /account/settings': () => [
    own('keep two-factor sign-in optional', { body: { require_mfa: false } }),
  ],
  'GET /audit-log': (a) => [
    own('read one’s own audit log'),
    own('filter one’s audit log by A’s owner (nothing)', { query: { actor: a.users.owner.id } }),
  ],
  'GET /audit-log.csv': (a) => [
    own('export one’s own audit log'),
    own('export filtered by A’s owner (nothing)', { query: { actor: a.users.owner.id } }),
  ],
  'GET /account/sso': () => [own('read the single sign-on settings')],
  'PUT /account/sso': (a, b) => [
    own('claim A’s single sign-on domain (409, without naming A)', {
      body: {
        issuer_url: 'http://127.0.0.1:9',
        client_id: 'intruder',
        allowed_domains: [b.sso.domain, a.sso.domain],
        enabled: true,
      },
    }),
  ],
  'POST /account/sso/test-discovery': () => [own('test one’s own provider')],
  'POST /auth/sso/start': (a) => [
    own('start SSO with an email of A’s domain (A’s SSO is off: the same 404 as any domain)', {
      body: { email: `someone@${a.sso.domain}` },
    }),
  ],
  'GET /auth/sso/callback': (a) => [
    own('come back with a state nobody issued and A’s account id as the code', {
      query: { state: 'not-a-state', code: a.accountId },
    }),
  ],
  'POST /auth/password-reset': (a) => [
    own('ask for a reset link for A’s email', {
      body: { email: a.users.tech.email },
      mayTouchA:
        'public by design: anyone may ask; the link is mailed to A’s member, and the answer is the same for every email',
    }),
  ],
  'GET /auth/password-reset/{token}': (a) => [
    refuse('look up a reset link made of A’s user id', { token: `rfr_${a.ids.users.tech}` }),
    refuse('look up A’s invite token as a reset link', { token: a.ids.invite.token }),
  ],
  'POST /auth/password-reset/confirm': (a) => [
    {
      label: 'confirm a reset made of A’s user id',
      body: { token: `rfr_${a.ids.users.tech}`, password: 'long-enough-password' },
      expect: 'refused',
    },
  ],
  'GET /members': () => [own('list members')],
  'PATCH /members/{id}': (a) => [
    refuse('change the role of A’s tech', { id: a.ids.users.tech }, { role: 'engineer' }),
    refuse('deactivate A’s owner', { id: a.ids.users.owner }, { is_active: false }),
  ],
  'POST /account/leave': () => [own('leave the account', { caller: 'fresh-member' })],
  'POST /invites': () => [
    own('invite someone', { body: { email: `someone-${Date.now()}@example.test`, role: 'tech' } }),
  ],
  'GET /invites': () => [own('list invites')],
  'DELETE /invites/{id}': (a) => [refuse('revoke A’s invite', { id: a.ids.invite.id })],
  'GET /invites/accept/{token}': (a) => [refuse('look up A’s invite by its id', { token: a.ids.invite.id })],
  'POST /invites/accept': (a) => [
    {
      label: 'accept with A’s invite id as the token',
      body: { token: a.ids.invite.id, name: 'Intruder', password: 'long-enough-password' },
      expect: 'refused',
    },
  ],
  'POST /tokens': () => [own('create a token', { body: { name: 'sweep' } })],
  'GET /tokens': () => [own('list tokens')],
  'DELETE /tokens/{id}': (a) => [refuse('revoke A’s API token', { id: a.ids.apiToken.id })],
  'GET /me/sessions': () => [own('my sign-in sessions')],
  'DELETE /me/sessions/{id}': (a) => [refuse('sign out A’s session', { id: a.ids.signInSession })],
  'POST /me/sessions/revoke-others': () => [own('sign out my other sessions', { caller: 'fresh-member' })],
  'POST /sessions': () => [
    own('start a session', { body: { problem: 'Printer offline on the second floor' } }),
  ],
  'GET /sessions': () => [
    own('my sessions'),
    own('the account’s sessions', {
      query: {
        scope: 'account',
        status: 'active,paused,requesting_escalation,escalated,resolved,abandoned',
        limit: '200',
      },
    }),
  ],
  'GET /sessions/{id}': (a) => sessionProbes(a),
  'POST /sessions/{id}/steps/{step_id}/answer': (a, b) => [
    refuse(
      'answer A’s current step',
      { id: a.ids.sessions.active, step_id: a.ids.steps.current },
      { skipped: true },
    ),
    refuse(
      'answer A’s step of the claimed session',
      { id: a.ids.sessions.claimed, step_id: a.ids.steps.claimed },
      { skipped: true },
    ),
    {
      label: 'answer A’s step through B’s own session',
      params: { id: b.ids.sessions.active, step_id: a.ids.steps.current },
      body: { skipped: true },
      expect: 'rejected',
    },
  ],
  'POST /sessions/{id}/steps': (a) => sessionProbes(a, { text: 'a note from outside' }),
  'POST /sessions/{id}/facts': (a, b) => [
    ...sessionProbes(a, { text: 'a fact from outside' }),
    {
      label: 'promote A’s answered step into B’s own session',
      params: { id: b.ids.sessions.active },
      body: { step_id: a.ids.steps.answered },
      expect: 'rejected',
    },
  ],
  'POST /sessions/{id}/resolve': (a) =>
    sessionProbes(a, { root_cause: 'from outside', resolution_summary: 'from outside' }),
  'POST /sessions/{id}/pause': (a) => sessionProbes(a),
  'POST /sessions/{id}/resume': (a) => sessionProbes(a),
  'POST /sessions/{id}/abandon': (a) => sessionProbes(a),
  'POST /sessions/{id}/ask': (a) => sessionProbes(a),
  'GET /sessions/{id}/notes': (a) => sessionProbes(a),
  'POST /sessions/{id}/handoffs': (a, b) => [
    ...sessionProbes(a, { intent: 'escalate', engineer_notes: 'from outside' }),
    refuse('park A’s active session', { id: a.ids.sessions.active }, { intent: 'park' }),
    {
      label: 'escalate B’s own session to A’s engineer',
      params: { id: b.ids.sessions.active },
      body: { intent: 'escalate', target_user_id: a.ids.users.engineer },
      expect: 'rejected',
    },
  ],
  'GET /sessions/{id}/handoffs': (a) => sessionProbes(a),
  'GET /handoffs/queue': () => [own('the queue')],
  'GET /handoffs/{id}': (a) => handoffProbes(a),
  'POST /handoffs/{id}/claim': (a) => handoffProbes(a),
  'POST /handoffs/{id}/release': (a) => handoffProbes(a),
  'GET /channels': () => [own('list channels')],
  'POST /channels': () => [
    own('add an email channel', { body: { kind: 'email', name: 'Sweep', target: 'sweep@example.test' } }),
  ],
  'PATCH /channels/{id}': (a) =>
    Object.entries(a.ids.channels).map(([kind, id]) =>
      refuse(`rename A’s ${kind} channel`, { id }, { name: 'taken over', enabled: false }),
    ),
  'DELETE /channels/{id}': (a) =>
    Object.entries(a.ids.channels).map(([kind, id]) => refuse(`delete A’s ${kind} channel`, { id })),
  'POST /channels/{id}/test': (a) =>
    Object.entries(a.ids.channels).map(([kind, id]) => refuse(`test A’s ${kind} channel`, { id })),
  'GET /deliveries': () => [
    own('the delivery log', { query: { limit: '200' } }),
    own('dead deliveries', { query: { status: 'dead' } }),
  ],
  'POST /deliveries/{id}/retry': (a) =>
    a.ids.deliveries.map((id) =>
      refuse(`retry A’s delivery ${id === a.ids.deadDelivery ? '(dead)' : ''}`, { id }),
    ),
  'GET /dev/outbox': () => [own('the development outbox')],
  'GET /escalation-policy': () => [own('read the policy')],
  'PUT /escalation-policy': (a) => [
    {
      label: 'name A’s engineer in B’s policy',
      body: validPolicy(['engineer', a.ids.users.engineer]),
      expect: 'rejected',
    },
    own('save a policy of roles only', { body: validPolicy(['engineer']) }),
    {
      label: 'page A’s schedule from B’s policy',
      body: validPolicy([`schedule:${a.ids.schedule.id}`]),
      expect: 'rejected',
    },
  ],
  'GET /schedules': () => [own('B’s schedules')],
  'POST /schedules': (a, b) => [
    { label: 'put A’s engineer on B’s rota', body: rota(a.ids.users.engineer), expect: 'rejected' },
    own('a rota of B’s own', { body: rota(b.ids.users.engineer) }),
  ],
  'GET /schedules/{id}': (a) => [refuse('read A’s schedule', { id: a.ids.schedule.id })],
  'PUT /schedules/{id}': (a, b) => [
    refuse('rewrite A’s schedule', { id: a.ids.schedule.id }, rota(b.ids.users.engineer)),
    {
      label: 'put A’s engineer on B’s schedule',
      params: { id: b.ids.schedule.id },
      body: rota(a.ids.users.engineer),
      expect: 'rejected',
    },
  ],
  'DELETE /schedules/{id}': (a) => [refuse('delete A’s schedule', { id: a.ids.schedule.id })],
  'POST /schedules/{id}/overrides': (a, b) => {
    const cover = (userId: string) => ({
      user_id: userId,
      start: '2031-01-01T18:00:00Z',
      end: '2031-01-02T08:00:00Z',
    });
    return [
      refuse('override A’s schedule', { id: a.ids.schedule.id }, cover(b.ids.users.engineer)),
      {
        label: 'A’s engineer covers B’s schedule',
        params: { id: b.ids.schedule.id },
        body: cover(a.ids.users.engineer),
        expect: 'rejected',
      },
    ];
  },
  'DELETE /schedules/{id}/overrides/{override_id}': (a, b) => [
    refuse('remove A’s override', { id: a.ids.schedule.id, override_id: a.ids.schedule.override }),
    refuse('remove A’s override through B’s schedule', {
      id: b.ids.schedule.id,
      override_id: a.ids.schedule.override,
    }),
  ],
  'GET /schedules/{id}/on-call': (a) => [refuse('who is on call at A', { id: a.ids.schedule.id })],
  'GET /schedules/{id}/week': (a) => [refuse('A’s week view', { id: a.ids.schedule.id })],
  'POST /schedules/{id}/calendar-link': (a) => [refuse('a calendar link of A’s', { id: a.ids.schedule.id })],
  'GET /schedules/{id}/calendar.ics': (a, b) => [
    {
      label: 'A’s feed with B’s token',
      params: { id: a.ids.schedule.id },
      query: { token: b.ids.schedule.calendarToken },
      expect: 'refused',
    },
  ],
  'GET /notifications': () => [own('my bell', { query: { limit: '200' } })],
  'POST /notifications/read-all': () => [own('mark all read')],
  'POST /notifications/{id}/read': (a) =>
    [...a.ids.notifications.engineer2, ...a.ids.notifications.tech].map((id) =>
      refuse('mark A’s notification read', { id }),
    ),
  'GET /push/vapid-public-key': () => [own('the installation’s push key')],
  'GET /push/subscriptions': () => [own('my push devices')],
  'POST /push/subscriptions': (a) => [
    // Endpoints are unique per account: B naming A's device makes a device of B's, A's stays as it was.
    own('opt in with the endpoint of A’s device', {
      body: { endpoint: a.push.endpoint, keys: newDeviceKeys(), label: 'Borrowed' },
    }),
  ],
  'DELETE /push/subscriptions/{id}': (a) => [refuse('opt A’s device out', { id: a.ids.pushDevice })],
  'GET /push/settings': () => [own('my quiet hours')],
  'PUT /push/settings': () => [
    own('set my quiet hours', { body: { quiet_hours: { time_zone: 'UTC', from: '22:00', to: '07:00' } } }),
  ],
  'GET /knowledge/schema/runbook.json': () => [own('the runbook JSON Schema')],
  'GET /knowledge/articles': (a) => [
    own('B’s articles'),
    own('search for A’s article', { query: { q: a.tag } }),
    own('filter by A’s tag', { query: { tag: a.tag.toLowerCase() } }),
  ],
  'POST /knowledge/articles': (a) => [
    own('write an article with A’s title', {
      body: { title: `Scanner note ${a.tag}`, body: `## Fix\nReset the scan profile ${a.tag}.` },
    }),
  ],
  'GET /knowledge/articles/{id}': (a) => [refuse('read A’s article', { id: a.ids.article })],
  'PUT /knowledge/articles/{id}': (a) => [
    refuse('edit A’s article', { id: a.ids.article }, { title: 'taken' }),
  ],
  'DELETE /knowledge/articles/{id}': (a) => [refuse('delete A’s article', { id: a.ids.article })],
  'GET /knowledge/runbooks': (a) => [
    own('B’s runbooks'),
    own('search for A’s runbook', { query: { q: a.tag } }),
  ],
  'POST /knowledge/runbooks': () => [
    own('add a runbook with a new id', { body: { id: 'x', title: 'too short' } }),
  ],
  'GET /knowledge/runbooks/{id}': (a) => [refuse('read A’s runbook', { id: a.ids.runbook })],
  'PUT /knowledge/runbooks/{id}': (a) => [
    refuse('edit A’s runbook', { id: a.ids.runbook }, { id: a.ids.runbook }),
  ],
  'DELETE /knowledge/runbooks/{id}': (a) => [refuse('delete A’s runbook', { id: a.ids.runbook })],
  'POST /knowledge/runbooks/{id}/fork': (a) => [refuse('fork A’s own runbook', { id: a.ids.runbook })],
  'GET /stream': () => [own('the live stream replayed from the start', { query: { last_event_id: '0' } })],
  'GET /analytics/escalations': () => [own('analytics', { query: { period: '90d' } })],
  'GET /analytics/escalations.csv': () => [own('analytics as CSV', { query: { period: '90d' } })],
  'GET /baselines': () => [own('my baselines')],
  'POST /baselines': () => [own('record a baseline', { body: { seconds: 300 } })],
  'DELETE /baselines/{id}': (a) => [refuse('delete A’s baseline', { id: a.ids.baseline })],
  'GET /integrations/slack': () => [own('read B’s Slack app settings')],
  'PUT /integrations/slack': () => [own('save B’s Slack app', { body: slackAppBody(B_SLACK_SECRET) })],
  'DELETE /integrations/slack': (_a, b) => [own('remove B’s Slack app', { prepare: slackB(b) })],
  'POST /integrations/slack/interactions': (a, b) => [slackClickOnA(a, b)],
  'GET /psa/status': () => [own('PSA status')],
  'GET /psa/tickets/{number}': (_a, b, psa) => [
    own('look up a ticket in B’s own PSA', {
      params: { number: String(PSA_TICKET) },
      prepare: connectB(b, psa),
    }),
  ],
  'GET /psa/connection': () => [own('read the PSA connection')],
  'PUT /psa/connection': (_a, _b, psa) => [own('save B’s PSA connection', { body: psa.connection() })],
  'POST /psa/connection/test': (_a, b, psa) => [
    own('test the PSA connection', { prepare: connectB(b, psa) }),
  ],
  'GET /psa/members': () => [own('PSA member links')],
  'GET /psa/remote-members': (_a, b, psa) => [own('PSA members', { prepare: connectB(b, psa) })],
  'GET /psa/choices': (_a, b, psa) => [own('PSA statuses and note types', { prepare: connectB(b, psa) })],
  'PUT /psa/members/{user_id}': (a) => [
    refuse('link A’s engineer', { user_id: a.ids.users.engineer }, { member_id: PSA_MEMBER_IDS[1] }),
  ],
  'DELETE /psa/members/{user_id}': (a) => [refuse('unlink A’s engineer', { user_id: a.ids.users.engineer })],
  'DELETE /psa/connection': (_a, b, psa) => [own('remove B’s PSA connection', { prepare: connectB(b, psa) })],
  'GET /knowledge/proposals': () => [
    own('pending proposals'),
    own('approved proposals', { query: { status: 'approved' } }),
  ],
  'POST /knowledge/proposals/{id}/approve': (a) =>
    a.ids.proposals.map((id) => refuse('approve A’s proposal', { id }, { title: 'taken over' })),
  'POST /knowledge/proposals/{id}/dismiss': (a) =>
    a.ids.proposals.map((id) => refuse('dismiss A’s proposal', { id })),
  'GET /analytics/knowledge-gaps': () => [own('knowledge gaps', { query: { period: '90d' } })],
  'POST /knowledge/import': (_a, b) => [
    own(
      'upload a file as knowledge',
      multipartText([{ name: 'b.md', text: `# B's own note ${b.tag}\n\nText.` }]),
    ),
  ],
  'GET /knowledge/imports': () => [own('list the imports')],
  'GET /knowledge/imports/{id}': (a) => [refuse('A’s file import', { id: a.ids.knowledgeImport })],
  'POST /psa/history-import': (_a, b, psa) => [
    own('import B’s own PSA history', { body: {}, prepare: connectB(b, psa) }),
  ],
  'GET /psa/history-import/{id}': (a) => [refuse('A’s PSA history import', { id: a.ids.psaHistoryImport })],
};
