import type { FixtureName } from '../../helpers/security/permission-fixtures';

/**
 * SPEC §2 as data: every operation of the OpenAPI document, with who may call it.
 *
 * Callers ("subjects") are the five roles — members with no tie to the object called — plus the
 * relations SPEC §2 names: `author` (who started the session, escalated or parked it, or owns the
 * token, notification or measurement) and `claimer` (who claimed the escalation). The fixture decides
 * who the author is (a tech, or an engineer where the rule is "never the escalator") and makes a
 * fresh object for every call, so no call depends on another.
 *
 * - `allow`: answers 2xx (or one of `ok`, documented statuses that are never 401/403);
 * - `hidden`: answers 404, the object is not theirs to know about (someone else's token, park…);
 * - anyone else: 403; `anonymous` (no session): 401 unless the route is public and allows them.
 */
export const ROLE_SUBJECTS = ['owner', 'admin', 'engineer', 'tech', 'viewer'] as const;
export type RoleSubject = (typeof ROLE_SUBJECTS)[number];
export type Subject = 'anonymous' | RoleSubject | 'author' | 'claimer';

export type PermissionRule = {
  route: string;
  case: string;
  fixture: FixtureName;
  allow: readonly Subject[];
  hidden?: readonly Subject[];
  ok?: readonly number[];
};

const MEMBERS = ROLE_SUBJECTS;
const EVERYONE = ['anonymous', ...ROLE_SUBJECTS] as const;
/** Tech and above run sessions; a viewer only reads. */
const WORKERS = ['owner', 'admin', 'engineer', 'tech'] as const;
/** Queue, stream, claim, analytics. */
const SENIORS = ['owner', 'admin', 'engineer'] as const;
/** Members, invites, channels, deliveries, policy. */
const ADMINS = ['owner', 'admin'] as const;
/** Who may read a session that is not in transit: its author, senior roles and viewers (not other techs). */
const SESSION_READERS = ['author', ...SENIORS, 'viewer'] as const;

const rule = (
  route: string,
  c: string,
  fixture: FixtureName,
  allow: readonly Subject[],
  more: Partial<PermissionRule> = {},
): PermissionRule => ({
  route,
  case: c,
  fixture,
  allow,
  ...more,
});

export const PERMISSIONS: PermissionRule[] = [
  // Signing in and out, public links.
  rule('POST /auth/login', 'sign in with one’s own email and password', 'ownCredentials', EVERYONE),
  rule('POST /auth/logout', 'sign out', 'nothing', EVERYONE),
  rule('GET /me', 'who am I', 'nothing', MEMBERS),
  rule('POST /auth/password-reset', 'ask for a reset link', 'resetRequest', EVERYONE),
  rule('GET /auth/password-reset/{token}', 'open a reset link', 'resetLink', EVERYONE),
  rule('POST /auth/password-reset/confirm', 'set a new password with a reset link', 'resetConfirm', EVERYONE),

  // Two-factor sign-in (SPEC §16): the second step is public (the mfa_token is the credential); every
  // member manages their own factor; admins and owners decide whether the account requires it.
  rule('POST /auth/mfa', 'second sign-in step with a recovery code', 'mfaChallenge', EVERYONE),
  rule('POST /me/mfa/totp', 'start setting up an authenticator app', 'mfaStart', MEMBERS),
  rule('POST /me/mfa/totp/confirm', 'confirm one’s authenticator app', 'mfaConfirm', MEMBERS),
  rule('DELETE /me/mfa/totp', 'turn one’s two-factor sign-in off', 'mfaEnrolled', MEMBERS),
  rule('POST /me/mfa/recovery-codes', 'renew one’s recovery codes', 'mfaEnrolled', MEMBERS),
  rule('POST /auth/mfa/passkey/options', 'passkey options for one’s sign-in', 'passkeyChallenge', EVERYONE),
  rule('POST /me/mfa/passkeys/options', 'start registering a passkey', 'mfaStart', MEMBERS),
  rule('POST /me/mfa/passkeys', 'register one’s passkey', 'passkeyRegistration', MEMBERS),
  rule('GET /me/mfa/passkeys', 'list one’s passkeys', 'nothing', MEMBERS),
  rule('DELETE /me/mfa/passkeys/{id}', 'remove one’s passkey', 'passkeyOwned', MEMBERS),
  rule('GET /account/settings', 'read the account settings', 'nothing', ADMINS),
  rule('PATCH /account/settings', 'keep two-factor sign-in optional', 'accountSettingsOff', ADMINS),
  // The audit log (SPEC §16) names everyone's actions: owners and admins only.
  rule('GET /audit-log', 'read the audit log', 'nothing', ADMINS),
  rule('GET /audit-log.csv', 'export the audit log', 'nothing', ADMINS),

  // Single sign-on (SPEC §16): admins and owners configure it; starting and finishing a sign-in is
  // public (the work email's domain, then the state bound to the browser, are what count).
  rule('GET /account/sso', 'read the single sign-on settings', 'nothing', ADMINS),
  rule('PUT /account/sso', 'save single sign-on settings', 'ssoSettings', ADMINS),
  rule('POST /account/sso/test-discovery', 'test the provider’s discovery', 'ssoConfigured', ADMINS),
  rule('POST /auth/sso/start', 'start SSO for an email domain nobody uses', 'ssoStartUnknown', EVERYONE, {
    ok: [404],
  }),
  rule(
    'GET /auth/sso/callback',
    'come back from a provider with a state nobody issued',
    'ssoCallbackBogus',
    EVERYONE,
    {
      ok: [400],
    },
  ),

  // Members and invites: admins and owners manage; only an owner touches owners.
  rule('GET /members', 'list the members', 'nothing', MEMBERS),
  rule('PATCH /members/{id}', 'change a tech’s role', 'techMemberRole', ADMINS),
  rule('PATCH /members/{id}', 'deactivate a tech', 'techMemberDeactivate', ADMINS),
  rule('PATCH /members/{id}', 'make a tech owner', 'techMemberToOwner', ['owner']),
  rule('PATCH /members/{id}', 'demote an owner', 'ownerMemberDemote', ['owner']),
  rule('POST /account/leave', 'leave the account', 'leavingMember', MEMBERS),
  rule('POST /invites', 'invite a tech', 'techInvite', ADMINS),
  rule('POST /invites', 'invite an owner', 'ownerInvite', ['owner']),
  rule('GET /invites', 'list invites', 'nothing', ADMINS),
  rule('DELETE /invites/{id}', 'revoke an invite', 'inviteId', ADMINS),
  rule('GET /invites/accept/{token}', 'open an invite link', 'inviteToken', EVERYONE),
  rule('POST /invites/accept', 'accept an invite', 'inviteAcceptance', EVERYONE),

  // Personal API tokens: one's own only.
  rule('POST /tokens', 'create a token', 'tokenName', MEMBERS),
  rule('GET /tokens', 'list one’s tokens', 'nothing', MEMBERS),
  rule('DELETE /tokens/{id}', 'revoke a token', 'authorsToken', ['author'], { hidden: MEMBERS }),

  // Sign-in sessions (SPEC §16): one's own only.
  rule('GET /me/sessions', 'list one’s sign-in sessions', 'nothing', MEMBERS),
  rule('DELETE /me/sessions/{id}', 'sign out one of one’s sessions', 'ownSignInSession', ['author'], {
    hidden: MEMBERS,
  }),
  rule('POST /me/sessions/revoke-others', 'sign out one’s other sessions', 'signedInElsewhere', MEMBERS),

  // Sessions: tech and above create and work their own; reading follows SPEC §2.
  rule('POST /sessions', 'start a session', 'newSession', WORKERS),
  rule('GET /sessions', 'list the account’s sessions', 'accountScope', MEMBERS),
  rule('GET /sessions/{id}', 'an active session of a tech', 'activeSession', SESSION_READERS),
  rule('GET /sessions/{id}', 'a session waiting in the queue', 'queuedSession', [...MEMBERS, 'author']),
  rule('GET /sessions/{id}', 'a claimed session', 'claimedSession', [...MEMBERS, 'author', 'claimer']),
  rule('GET /sessions/{id}', 'a resolved session', 'resolvedSession', [...MEMBERS, 'author']),
  rule('GET /sessions/{id}/notes', 'notes of an active session', 'activeSession', SESSION_READERS),
  rule('GET /sessions/{id}/notes', 'notes of a claimed session', 'claimedSession', [
    ...MEMBERS,
    'author',
    'claimer',
  ]),
  rule('POST /sessions/{id}/steps/{step_id}/answer', 'answer in an active session', 'answerActive', [
    'author',
  ]),
  rule('POST /sessions/{id}/steps/{step_id}/answer', 'answer while waiting in the queue', 'answerQueued', [
    'author',
  ]),
  rule('POST /sessions/{id}/steps/{step_id}/answer', 'answer in a claimed session', 'answerClaimed', [
    'claimer',
  ]),
  rule('POST /sessions/{id}/steps', 'add a note to an active session', 'noteActive', ['author']),
  rule('POST /sessions/{id}/steps', 'add a note to a claimed session', 'noteClaimed', ['claimer']),
  rule('POST /sessions/{id}/facts', 'add a fact to an active session', 'factActive', ['author']),
  rule('POST /sessions/{id}/facts', 'add a fact to a claimed session', 'factClaimed', ['claimer']),
  rule('POST /sessions/{id}/resolve', 'resolve an active session', 'resolveActive', ['author']),
  rule('POST /sessions/{id}/resolve', 'resolve a claimed session', 'resolveClaimed', ['claimer']),
  rule('POST /sessions/{id}/pause', 'pause an active session', 'activeSession', ['author']),
  rule('POST /sessions/{id}/resume', 'resume a paused session', 'pausedSession', ['author']),
  rule('POST /sessions/{id}/abandon', 'abandon an active session', 'activeSession', ['author']),
  rule('POST /sessions/{id}/ask', 'ask the assistant in an active session', 'activeSession', ['author']),
  rule('POST /sessions/{id}/ask', 'ask the assistant in a claimed session', 'claimedSession', ['claimer']),

  // Escalation: only the session owner escalates or parks; seniors claim, never their own.
  rule('POST /sessions/{id}/handoffs', 'escalate', 'escalation', ['author']),
  rule('POST /sessions/{id}/handoffs', 'escalate to a named senior', 'targetedEscalation', ['author']),
  rule('POST /sessions/{id}/handoffs', 'park', 'park', ['author']),
  rule(
    'GET /sessions/{id}/handoffs',
    'handoffs of an active session with a park',
    'sessionWithPark',
    SESSION_READERS,
  ),
  rule('GET /sessions/{id}/handoffs', 'handoffs of a session in the queue', 'queuedSession', [
    ...MEMBERS,
    'author',
  ]),
  rule('GET /handoffs/queue', 'the queue', 'nothing', SENIORS),
  rule('GET /handoffs/{id}', 'an escalation in the queue', 'queuedHandoff', [...MEMBERS, 'author']),
  rule('GET /handoffs/{id}', 'a park', 'parkHandoff', ['author'], { hidden: MEMBERS }),
  rule('POST /handoffs/{id}/claim', 'claim a tech’s escalation', 'queuedHandoff', SENIORS),
  rule(
    'POST /handoffs/{id}/claim',
    'claim an engineer’s escalation (never one’s own)',
    'seniorsQueuedHandoff',
    SENIORS,
  ),
  rule('POST /handoffs/{id}/release', 'put a claimed escalation back', 'claimedHandoff', [
    'claimer',
    ...ADMINS,
  ]),

  // Channels and deliveries: admins and owners.
  rule('GET /channels', 'list channels', 'nothing', ADMINS),
  rule('POST /channels', 'add a channel', 'newChannel', ADMINS),
  rule('PATCH /channels/{id}', 'rename a channel', 'channelRename', ADMINS),
  rule('DELETE /channels/{id}', 'delete a channel', 'channel', ADMINS),
  rule('POST /channels/{id}/test', 'send a test message', 'channel', ADMINS),
  rule('GET /deliveries', 'the delivery log', 'nothing', ADMINS),
  rule('POST /deliveries/{id}/retry', 'retry a dead delivery', 'deadDelivery', ADMINS),
  // Every member reads the mail addressed to them; admins also the account's other mail.
  rule('GET /dev/outbox', 'the development outbox', 'nothing', MEMBERS),

  // Escalation policy: everyone reads who gets paged; admins and owners change it.
  rule('GET /escalation-policy', 'read the policy', 'nothing', MEMBERS),
  rule('PUT /escalation-policy', 'replace the policy', 'policy', ADMINS),

  // On-call schedules (SPEC §15): seniors read who is on call; admins and owners change schedules. The
  // calendar feed is public: its secret link is the credential.
  rule('GET /schedules', 'list the schedules', 'nothing', SENIORS),
  rule('POST /schedules', 'create a schedule', 'scheduleBody', ADMINS),
  rule('GET /schedules/{id}', 'read a schedule', 'schedule', SENIORS),
  rule('PUT /schedules/{id}', 'edit a schedule', 'scheduleEdit', ADMINS),
  rule('DELETE /schedules/{id}', 'delete a schedule', 'schedule', ADMINS),
  rule('POST /schedules/{id}/overrides', 'add an override', 'scheduleOverrideBody', ADMINS),
  rule('DELETE /schedules/{id}/overrides/{override_id}', 'remove an override', 'scheduleOverride', ADMINS),
  rule('GET /schedules/{id}/on-call', 'who is on call', 'schedule', SENIORS),
  rule('GET /schedules/{id}/week', 'the week view', 'schedule', SENIORS),
  rule('POST /schedules/{id}/calendar-link', 'a new calendar link', 'schedule', ADMINS),
  rule('GET /schedules/{id}/calendar.ics', 'the calendar feed with its token', 'scheduleFeed', EVERYONE),

  // The bell: one's own notifications only.
  rule('GET /notifications', 'one’s bell', 'nothing', MEMBERS),
  rule('POST /notifications/read-all', 'mark one’s bell read', 'nothing', MEMBERS),
  rule('POST /notifications/{id}/read', 'mark a notification read', 'authorsNotification', ['author'], {
    hidden: MEMBERS,
  }),

  // Web push (SPEC §15): every member opts their own devices in and out and sets their quiet hours.
  rule('GET /push/vapid-public-key', 'the installation’s push key', 'nothing', MEMBERS),
  rule('GET /push/subscriptions', 'one’s push devices', 'nothing', MEMBERS),
  rule('POST /push/subscriptions', 'opt a device in', 'pushSubscription', MEMBERS),
  rule('DELETE /push/subscriptions/{id}', 'opt a device out', 'authorsPushDevice', ['author'], {
    hidden: MEMBERS,
  }),
  rule('GET /push/settings', 'one’s quiet hours', 'nothing', MEMBERS),
  rule('PUT /push/settings', 'set one’s quiet hours', 'pushSettings', MEMBERS),

  // Knowledge (SPEC §14): every member reads; engineers, admins and owners write.
  rule('GET /knowledge/schema/runbook.json', 'read the runbook JSON Schema', 'nothing', MEMBERS),
  rule('GET /knowledge/articles', 'list and search the articles', 'nothing', MEMBERS),
  rule('POST /knowledge/articles', 'write an article', 'articleBody', SENIORS),
  rule('GET /knowledge/articles/{id}', 'read an article', 'article', MEMBERS),
  rule('PUT /knowledge/articles/{id}', 'edit an article', 'articleEdit', SENIORS),
  rule('DELETE /knowledge/articles/{id}', 'delete an article', 'article', SENIORS),
  rule('GET /knowledge/runbooks', 'list the runbooks', 'nothing', MEMBERS),
  rule('POST /knowledge/runbooks', 'add a runbook', 'runbookBody', SENIORS),
  rule('GET /knowledge/runbooks/{id}', 'read a runbook', 'accountRunbook', MEMBERS),
  rule('PUT /knowledge/runbooks/{id}', 'edit an account runbook', 'accountRunbookEdit', SENIORS),
  rule('DELETE /knowledge/runbooks/{id}', 'delete an account runbook', 'accountRunbook', SENIORS),
  rule('POST /knowledge/runbooks/{id}/fork', 'fork a shipped runbook', 'shippedRunbook', SENIORS),

  // Live stream: every role but viewer (SPEC §7).
  rule('GET /stream', 'subscribe to the live stream', 'nothing', WORKERS),

  // Metrics and the stopwatch baseline: senior roles; a measurement is its author's.
  rule('GET /analytics/escalations', 'read the metrics', 'nothing', SENIORS),
  rule('GET /analytics/escalations.csv', 'export the metrics', 'nothing', SENIORS),
  rule('GET /baselines', 'list one’s measurements', 'nothing', SENIORS),
  rule('POST /baselines', 'record a measurement', 'baseline', SENIORS),
  rule('DELETE /baselines/{id}', 'delete a measurement', 'authorsBaseline', ['author'], { hidden: SENIORS }),

  // PSA: every member learns whether it is connected; tech and above look tickets up; admins configure.
  rule('GET /psa/status', 'whether the PSA is connected', 'psaConnection', MEMBERS),
  rule('GET /psa/tickets/{number}', 'look a ticket up for intake', 'psaTicket', WORKERS),
  rule('GET /psa/connection', 'read the connection', 'psaConnection', ADMINS),
  rule('PUT /psa/connection', 'save the connection', 'psaConnectionBody', ADMINS),
  rule('DELETE /psa/connection', 'remove the connection', 'psaConnection', ADMINS),
  // Slack app (SPEC §15): admins and owners configure it. Slack's interaction endpoint takes no
  // session at all: a correctly signed click is accepted from anyone (unsigned: 401 for everyone).
  rule('GET /integrations/slack', 'read the Slack app settings', 'nothing', ADMINS),
  rule('PUT /integrations/slack', 'save the Slack app', 'slackAppBody', ADMINS),
  rule('DELETE /integrations/slack', 'remove the Slack app', 'slackApp', ADMINS),
  rule(
    'POST /integrations/slack/interactions',
    'a signed Claim click by an unmapped Slack user',
    'slackClaimClick',
    EVERYONE,
  ),
  rule('POST /psa/connection/test', 'test the connection', 'psaConnection', ADMINS),
  rule('GET /psa/members', 'list member links', 'psaConnection', ADMINS),
  rule('GET /psa/remote-members', 'list the PSA’s members', 'psaConnection', ADMINS),
  rule('GET /psa/choices', 'list the PSA’s statuses and note types', 'psaConnection', ADMINS),
  rule('PUT /psa/members/{user_id}', 'link a member', 'psaMemberToLink', ADMINS),
  rule('DELETE /psa/members/{user_id}', 'unlink a member', 'psaLinkedMember', ADMINS),

  // The knowledge flywheel (SPEC §14): every member reads proposals; admins and owners decide them.
  // Knowledge gaps are analytics: senior roles.
  rule('GET /knowledge/proposals', 'list the proposals', 'nothing', MEMBERS),
  rule('POST /knowledge/proposals/{id}/approve', 'approve a pending proposal', 'pendingProposal', ADMINS),
  rule('POST /knowledge/proposals/{id}/dismiss', 'dismiss a pending proposal', 'pendingProposal', ADMINS),
  rule('GET /analytics/knowledge-gaps', 'read the knowledge gaps', 'nothing', SENIORS),

  // Knowledge file import (SPEC §14): engineers, admins and owners upload; every member watches progress.
  rule('POST /knowledge/import', 'upload files to import as knowledge', 'knowledgeUpload', SENIORS),
  rule('GET /knowledge/imports', 'list the imports', 'nothing', MEMBERS),
  rule('GET /knowledge/imports/{id}', 'read an import’s progress', 'knowledgeImport', MEMBERS),

  // PSA history import (SPEC §14): admins and owners; one runs at a time, so a second start is a 409.
  rule('POST /psa/history-import', 'import the PSA’s closed tickets', 'psaConnection', ADMINS, {
    ok: [409],
  }),
  rule('GET /psa/history-import/{id}', 'read a PSA history import', 'psaHistoryImport', ADMINS),
];
