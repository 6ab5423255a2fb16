import { expect } from 'vitest';
import { withTenant } from '../../../server/db/tenant';
import { issuePasswordReset } from '../../../server/modules/auth/password-reset.service';
import { insertNotifications } from '../../../server/modules/notifications/notifications.repo';
import type { TestApp } from '../app';
import { answerCurrent } from '../sessions';
import { addMember } from './members';
import type { Operation } from './openapi-operations';
import type { IdPools } from './request-arbitrary';
import { PSA_CREDENTIALS, PSA_MEMBER_IDS, PSA_TICKET, type Psa } from './psa';
import { slackAppBody } from './slack';
import { buildTenant, type Tenant } from './tenant-world';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const POOL_CAP = 400;

/** Which pool a path parameter draws real values from. */
function poolName(op: Operation, param: string): string {
  const resource = op.path.split('/').filter(Boolean)[0] ?? '';
  if (param === 'step_id') return 'steps';
  if (param === 'token') return resource === 'invites' ? 'inviteTokens' : 'resetTokens';
  if (param === 'user_id') return 'users';
  if (param === 'number') return 'psaTickets';
  const byResource: Record<string, string> = { members: 'users', tokens: 'apiTokens' };
  return byResource[resource] ?? resource;
}

/**
 * Real values for generated requests: the ids of the fuzzed account's objects, grouped by the path
 * they belong in, plus every id seen in a successful answer since (new sessions, steps, channels…),
 * so later requests reach objects the fuzz itself created.
 */
/** Body fields whose values come from a pool rather than from the schema alone. */
const FIELD_POOLS: Record<string, string[]> = {
  option: ['options'],
  target: ['targets'],
  notify: ['notify'],
  token: ['resetTokens', 'inviteTokens'],
  step_id: ['steps'],
  target_user_id: ['users'],
  site_url: ['psaSites'],
  company_id: ['psaCompanies'],
  client_id: ['psaClients'],
};

export class FuzzPools implements IdPools {
  private readonly pools = new Map<string, string[]>();
  private readonly sets: Record<string, string>[] = [];

  add(name: string, values: string[]) {
    const pool = this.pools.get(name) ?? [];
    for (const v of values) if (!pool.includes(v)) pool.push(v);
    if (pool.length > POOL_CAP) pool.splice(0, pool.length - POOL_CAP);
    this.pools.set(name, pool);
  }

  forParam = (op: Operation, name: string) => () => this.pools.get(poolName(op, name)) ?? [];
  any = () => this.pools.get('any') ?? [];
  forField = (field: string) => {
    const names = FIELD_POOLS[field];
    return names && (() => names.flatMap((n) => this.pools.get(n) ?? []));
  };
  paramSets = () => this.sets;
  private readonly bodies = new Map<string, Record<string, unknown>[]>();
  examples = (op: Operation) => this.bodies.get(op.key) ?? [];
  addExamples(key: string, bodies: Record<string, unknown>[]) {
    this.bodies.set(key, [...(this.bodies.get(key) ?? []), ...bodies]);
  }

  /** A session with its current step: the only pair the answer route accepts. */
  noteSessionView(value: unknown) {
    if (!value || typeof value !== 'object') return;
    const v = value as {
      session?: { id?: unknown };
      current_step?: { id?: unknown; content?: { options?: { value?: unknown }[] } } | null;
    };
    if (typeof v.session?.id === 'string' && typeof v.current_step?.id === 'string') {
      this.sets.push({ id: v.session.id, step_id: v.current_step.id });
      if (this.sets.length > POOL_CAP) this.sets.shift();
      const options = (v.current_step.content?.options ?? [])
        .map((o) => o.value)
        .filter((o): o is string => typeof o === 'string');
      this.add('options', options);
    }
  }

  /** Takes the ids of a successful answer: into `any`, and into the operation's own pool for lists and creations. */
  harvest(op: Operation, text: string, body: unknown) {
    this.noteSessionView(body);
    const ids = [...new Set(text.match(UUID) ?? [])];
    if (ids.length === 0) return;
    this.add('any', ids);
    if (op.pathParams.length === 0) this.add(poolName(op, 'id'), ids);
  }
}

/**
 * The fuzzed account: a populated tenant (see buildTenant) whose owner also owns sessions, has bell
 * notifications and measurements, so the owner's requests can succeed as well as fail.
 */
export async function buildFuzzWorld(testApp: TestApp, webhookUrl: string, psa: Psa) {
  const { app, db, config } = testApp;
  const tenant: Tenant = await buildTenant(testApp, 'F', webhookUrl, psa);
  const owner = tenant.clients.owner;
  const ownSessions: string[] = [];
  const ownSteps: string[] = [];
  const sessionViews: unknown[] = [];
  for (const problem of [
    'VPN drops every ten minutes for remote staff',
    'Shared mailbox missing in Outlook for two users',
    'Printer offline after the router swap',
  ]) {
    const res = await owner.post('/api/v1/sessions', { problem });
    expect(res.status, res.text).toBe(201);
    ownSessions.push(res.body.session.id);
    ownSteps.push(res.body.current_step.id);
    const next = await answerCurrent(owner, res.body);
    if (next.body.current_step) ownSteps.push(next.body.current_step.id);
    sessionViews.push(next.body);
  }
  const ownerId = tenant.users.owner.id;
  await withTenant(db, tenant.accountId, (tx) =>
    insertNotifications(
      tx,
      tenant.accountId,
      [1, 2, 3].map((n) => ({
        userId: ownerId,
        event: 'handoff_claimed',
        title: `Notice ${n}`,
        link: '/sessions',
        handoffId: null,
      })),
      new Date(),
    ),
  );
  const bell = (await owner.get('/api/v1/notifications')).body.items.map((n: { id: string }) => n.id);
  const baseline = (await owner.post('/api/v1/baselines', { seconds: 200 })).body.baseline.id;
  const resetter = await addMember(db, tenant.accountId, 'tech', 'resetter');
  const reset = await issuePasswordReset(
    db,
    { email: resetter.email, ip: '198.51.100.9' },
    config.appUrl,
    new Date(),
  );
  await testApp.assessments.idle();

  const pools = new FuzzPools();
  const ids = tenant.ids;
  for (const view of sessionViews) pools.noteSessionView(view);
  pools.add('targets', ['helpdesk@example.test', 'first@example.test, second@example.test', webhookUrl]);
  pools.add('notify', [
    'owner',
    'admin',
    'engineer',
    ids.users.engineer,
    ids.users.engineer2,
    ids.users.owner,
  ]);
  const level = (after_minutes: number, notify: string[], channels: string[]) => ({
    after_minutes,
    notify,
    channels,
  });
  pools.addExamples('PUT /escalation-policy', [
    {
      levels: [level(0, ['engineer'], ['in_app'])],
      repeat: 0,
      catch_all: null,
      p1_factor: 0.5,
      claim_timeout_minutes: null,
    },
    {
      levels: [
        level(0, [ids.users.engineer], ['in_app', 'email']),
        level(10, ['admin', 'owner'], ['in_app', 'webhook']),
      ],
      repeat: 2,
      catch_all: level(30, ['owner'], ['email']),
      p1_factor: 0.25,
      claim_timeout_minutes: 15,
    },
  ]);
  pools.addExamples('POST /channels', [
    {
      kind: 'email',
      name: 'Helpdesk',
      target: 'helpdesk@example.test',
      events: ['handoff_created', 'handoff_claimed'],
    },
    { kind: 'webhook', name: 'Hook', target: webhookUrl, events: ['handoff_escalated'], enabled: false },
  ]);
  pools.add('psaTickets', [String(PSA_TICKET), `#${PSA_TICKET}`, '99999']);
  pools.add('psaSites', [psa.cw.siteUrl]);
  pools.add('psaCompanies', [PSA_CREDENTIALS.companyId]);
  pools.add('psaClients', [PSA_CREDENTIALS.clientId]);
  pools.addExamples('PUT /psa/connection', [
    psa.connection(),
    psa.connection({ enabled: false, resolved_status: 'Resolved', post_time_entry: true }),
  ]);
  // The suite's Slack stand-in knows this token: the save gets past auth.test to the store.
  pools.addExamples('PUT /integrations/slack', [
    slackAppBody('f0220f0220f0220f0220f0220f0220f0'),
    { ...slackAppBody('f0220f0220f0220f0220f0220f0220f0'), channel: 'C0SWEEP01' },
  ]);
  pools.addExamples(
    'PUT /psa/members/{user_id}',
    PSA_MEMBER_IDS.map((member_id) => ({ member_id })),
  );
  pools.addExamples('POST /sessions/{id}/handoffs', [
    {
      intent: 'escalate',
      engineer_notes: 'Tried everything',
      target_user_id: ids.users.engineer,
      priority: 'p1',
    },
    { intent: 'park' },
  ]);
  pools.add('sessions', [...Object.values(ids.sessions), ...ownSessions]);
  pools.add('steps', [ids.steps.answered, ids.steps.current, ids.steps.claimed, ...ids.notes, ...ownSteps]);
  pools.add('handoffs', Object.values(ids.handoffs));
  pools.add('users', Object.values(ids.users));
  pools.add('invites', [ids.invite.id]);
  pools.add('inviteTokens', [ids.invite.token]);
  pools.add('resetTokens', [reset!.url.split('/reset-password/')[1]!]);
  pools.add('apiTokens', [ids.apiToken.id]);
  pools.add('channels', Object.values(ids.channels));
  pools.add('deliveries', ids.deliveries);
  pools.add('notifications', [...bell, ...ids.notifications.tech]);
  pools.add('baselines', [baseline, ids.baseline]);
  pools.add('any', [
    ...Object.values(ids.users),
    ...Object.values(ids.sessions),
    ...ownSteps,
    ids.fact,
    ...Object.values(ids.handoffs),
  ]);
  return { app, tenant, ownerId, pools, ownSessions };
}
