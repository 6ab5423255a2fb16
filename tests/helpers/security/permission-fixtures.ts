import { randomBytes } from 'node:crypto';
import { withTenant } from '../../../server/db/tenant';
import { issuePasswordReset } from '../../../server/modules/auth/password-reset.service';
import { insertNotifications } from '../../../server/modules/notifications/notifications.repo';
import { TEST_PASSWORD } from '../factories';
import { addMember } from './members';
import { ok, type Fixture, type PermissionWorld, type Target, type WorldUser } from './permission-world';
import { PSA_MEMBER_IDS, PSA_TICKET } from './psa';
import { PROPOSAL_FIXTURES } from './proposal-fixtures';
import { IMPORT_FIXTURES } from './knowledge-import-fixtures';
import { KNOWLEDGE_FIXTURES } from './knowledge-fixtures';
import { PSA_HISTORY_FIXTURES } from './psa-history-fixtures';
import { MFA_FIXTURES } from './mfa-fixtures';
import { PASSKEY_FIXTURES } from './passkey-fixtures';
import { PUSH_FIXTURES } from './push-fixtures';
import { escalated, SESSION_FIXTURES } from './session-fixtures';
import { SIGN_IN_SESSION_FIXTURES } from './sign-in-session-fixtures';
import { SSO_FIXTURES } from './sso-fixtures';
import { SLACK_FIXTURES } from './slack-fixtures';
import { SCHEDULE_FIXTURES } from './schedule-fixtures';

export { buildPermissionWorld, type PermissionWorld, type Target } from './permission-world';

const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}@example.test`;

async function resetToken(w: PermissionWorld) {
  const member = await addMember(w.db, w.accountId, 'tech', 'resetter');
  const issued = await issuePasswordReset(
    w.db,
    { email: member.email, ip: '198.51.100.1' },
    w.appUrl,
    new Date(),
  );
  return issued!.url.split('/reset-password/')[1]!;
}

async function invite(w: PermissionWorld) {
  const body = await ok(
    w.setup.owner.post('/api/v1/invites', { email: unique('invitee'), role: 'tech' }),
    201,
  );
  return { id: body.id as string, token: String(body.accept_url).split('/invite/')[1]! };
}

/** The account's PSA connection, saved again (a rule may have removed it). */
async function psaConnected(w: PermissionWorld): Promise<Target> {
  await ok(w.setup.owner.request('PUT', '/api/v1/psa/connection', w.psa.connection()), 200);
  return {};
}

const policy = {
  levels: [{ after_minutes: 0, notify: ['engineer'], channels: ['in_app'] }],
  repeat: 0,
  catch_all: null,
  p1_factor: 0.5,
  claim_timeout_minutes: null,
};

async function channel(w: PermissionWorld): Promise<Target> {
  const body = {
    kind: 'email',
    name: 'Helpdesk',
    target: 'helpdesk@example.test',
    events: ['handoff_claimed'],
  };
  return { params: { id: (await ok(w.setup.owner.post('/api/v1/channels', body), 201)).channel.id } };
}

/** Sign-in, members, invites, tokens, channels, deliveries, policy, bell, baselines, PSA. */
const ACCOUNT_FIXTURES = {
  nothing: async () => ({}),
  ownCredentials: async (w, subject) => {
    const user = subject in w.users ? w.users[subject as WorldUser] : w.users.techAuthor;
    return { body: { email: user.email, password: TEST_PASSWORD } };
  },
  resetRequest: async () => ({ body: { email: unique('forgetful') } }),
  resetLink: async (w) => ({ params: { token: await resetToken(w) } }),
  resetConfirm: async (w) => ({ body: { token: await resetToken(w), password: 'a-brand-new-password' } }),

  techMemberRole: async (w) => ({
    params: { id: (await addMember(w.db, w.accountId, 'tech')).id },
    body: { role: 'engineer' },
  }),
  techMemberDeactivate: async (w) => ({
    params: { id: (await addMember(w.db, w.accountId, 'tech')).id },
    body: { is_active: false },
  }),
  techMemberToOwner: async (w) => ({
    params: { id: (await addMember(w.db, w.accountId, 'tech')).id },
    body: { role: 'owner' },
  }),
  ownerMemberDemote: async (w) => ({
    params: { id: (await addMember(w.db, w.accountId, 'owner')).id },
    body: { role: 'admin' },
  }),
  leavingMember: async (w, subject) =>
    subject === 'anonymous'
      ? {}
      : { caller: await addMember(w.db, w.accountId, w.users[subject as WorldUser].role, 'leaver') },
  techInvite: async () => ({ body: { email: unique('new-tech'), role: 'tech' } }),
  ownerInvite: async () => ({ body: { email: unique('new-owner'), role: 'owner' } }),
  inviteId: async (w) => ({ params: { id: (await invite(w)).id } }),
  inviteToken: async (w) => ({ params: { token: (await invite(w)).token } }),
  inviteAcceptance: async (w) => ({
    body: { token: (await invite(w)).token, name: 'New Member', password: 'long-enough-password' },
  }),

  tokenName: async () => ({ body: { name: 'backup script' } }),
  authorsToken: async (w) => {
    const token = await ok(w.setup.techAuthor.post('/api/v1/tokens', { name: 'report script' }), 201);
    return { params: { id: token.id }, author: w.users.techAuthor };
  },

  newChannel: async () => ({ body: { kind: 'email', name: 'Helpdesk', target: 'helpdesk@example.test' } }),
  channel,
  channelRename: async (w) => ({ ...(await channel(w)), body: { name: 'Renamed' } }),
  deadDelivery: async (w) => {
    const e = await escalated(w);
    const id = await withTenant(w.db, w.accountId, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `UPDATE deliveries SET status = 'dead', last_error = 'gave up'
         WHERE id = (SELECT d.id FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.account_id = $1 AND e.payload->>'handoff_id' = $2 LIMIT 1)
         RETURNING id`,
        [w.accountId, e.handoff.id],
      );
      return rows[0]!.id;
    });
    return { params: { id } };
  },

  policy: async () => ({ body: policy }),
  authorsNotification: async (w) => {
    const userId = w.users.techAuthor.id;
    const id = await withTenant(w.db, w.accountId, async (tx) => {
      await insertNotifications(
        tx,
        w.accountId,
        [
          {
            userId,
            event: 'handoff_claimed',
            title: 'Someone picked up your escalation',
            link: '/sessions',
            handoffId: null,
          },
        ],
        new Date(),
      );
      const { rows } = await tx.query<{ id: string }>(
        `SELECT id FROM notifications WHERE account_id = $1 AND user_id = $2 AND read_at IS NULL ORDER BY created_at DESC LIMIT 1`,
        [w.accountId, userId],
      );
      return rows[0]!.id;
    });
    return { params: { id }, author: w.users.techAuthor };
  },
  baseline: async () => ({ body: { seconds: 240, note: 'Phone call with the tech' } }),
  authorsBaseline: async (w) => {
    const b = (await ok(w.setup.seniorAuthor.post('/api/v1/baselines', { seconds: 300 }), 201)).baseline;
    return { params: { id: b.id }, author: w.users.seniorAuthor };
  },

  psaConnection: psaConnected,
  psaConnectionBody: async (w) => ({ body: w.psa.connection() }),
  psaTicket: async (w) => ({ ...(await psaConnected(w)), params: { number: String(PSA_TICKET) } }),
  psaMemberToLink: async (w) => {
    await psaConnected(w);
    return {
      params: { user_id: (await addMember(w.db, w.accountId, 'tech')).id },
      body: { member_id: PSA_MEMBER_IDS[1] },
    };
  },
  psaLinkedMember: async (w) => {
    await psaConnected(w);
    const member = await addMember(w.db, w.accountId, 'tech');
    await ok(
      w.setup.owner.request('PUT', `/api/v1/psa/members/${member.id}`, { member_id: PSA_MEMBER_IDS[0] }),
      200,
    );
    return { params: { user_id: member.id } };
  },
} satisfies Record<string, Fixture>;

const DEFINITIONS = {
  ...ACCOUNT_FIXTURES,
  ...SESSION_FIXTURES,
  ...PROPOSAL_FIXTURES,
  ...IMPORT_FIXTURES,
  ...KNOWLEDGE_FIXTURES,
  ...PSA_HISTORY_FIXTURES,
  ...MFA_FIXTURES,
  ...PASSKEY_FIXTURES,
  ...PUSH_FIXTURES,
  ...SIGN_IN_SESSION_FIXTURES,
  ...SSO_FIXTURES,
  ...SLACK_FIXTURES,
  ...SCHEDULE_FIXTURES,
};
export type FixtureName = keyof typeof DEFINITIONS;
/** How each rule's target is prepared, by name (the permission table refers to these). */
export const FIXTURES: Record<FixtureName, Fixture> = DEFINITIONS;
