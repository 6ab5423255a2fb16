import type { TestClient } from '../test-client';
import { ok, type Fixture, type PermissionWorld, type Target } from './permission-world';

// Permission fixtures for sessions and escalations, each made through the API by its author (a tech,
// or an engineer where the rule is about escalating one's own work).

/** The answer a step accepts: an outcome for an action, the first option (or a skip) otherwise. */
function answerFor(step: { kind: string; content: { options?: { value: string }[] } }) {
  if (step.kind === 'action') return { outcome: 'failed' };
  const first = step.content.options?.[0];
  return first ? { option: first.value } : { skipped: true };
}

async function startSession(w: PermissionWorld, by: TestClient = w.setup.techAuthor) {
  return ok(
    by.post('/api/v1/sessions', { problem: 'Outlook keeps asking for the password after the mailbox move' }),
    201,
  );
}

/** A session of `by` escalated and waiting in the queue. */
export async function escalated(w: PermissionWorld, by: TestClient = w.setup.techAuthor) {
  const s = await startSession(w, by);
  const handoff = (
    await ok(
      by.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
        intent: 'escalate',
        engineer_notes: 'Tried a new profile',
      }),
      201,
    )
  ).handoff;
  return { session: s.session, step: s.current_step, handoff };
}

async function claimed(w: PermissionWorld) {
  const e = await escalated(w);
  await ok(w.setup.claimer.post(`/api/v1/handoffs/${e.handoff.id}/claim`), 200);
  return e;
}

const activeSession = async (w: PermissionWorld): Promise<Target> => ({
  params: { id: (await startSession(w)).session.id },
  author: w.users.techAuthor,
});
const claimedSession = async (w: PermissionWorld): Promise<Target> => ({
  params: { id: (await claimed(w)).session.id },
  author: w.users.techAuthor,
  claimer: w.users.claimer,
});

export const SESSION_FIXTURES = {
  newSession: async () => ({ body: { problem: 'Printer on the second floor shows offline for everyone' } }),
  accountScope: async () => ({ query: { scope: 'account' } }),
  activeSession,
  pausedSession: async (w) => {
    const s = await startSession(w);
    await ok(w.setup.techAuthor.post(`/api/v1/sessions/${s.session.id}/pause`), 200);
    return { params: { id: s.session.id }, author: w.users.techAuthor };
  },
  queuedSession: async (w) => ({
    params: { id: (await escalated(w)).session.id },
    author: w.users.techAuthor,
  }),
  claimedSession,
  resolvedSession: async (w) => {
    const s = await startSession(w);
    await ok(
      w.setup.techAuthor.post(`/api/v1/sessions/${s.session.id}/resolve`, {
        root_cause: 'Stale credentials',
        resolution_summary: 'Cleared the credential manager',
      }),
      200,
    );
    return { params: { id: s.session.id }, author: w.users.techAuthor };
  },
  answerActive: async (w) => {
    const s = await startSession(w);
    return {
      params: { id: s.session.id, step_id: s.current_step.id },
      body: answerFor(s.current_step),
      author: w.users.techAuthor,
    };
  },
  answerQueued: async (w) => {
    const e = await escalated(w);
    return {
      params: { id: e.session.id, step_id: e.step.id },
      body: answerFor(e.step),
      author: w.users.techAuthor,
    };
  },
  answerClaimed: async (w) => {
    const e = await claimed(w);
    return {
      params: { id: e.session.id, step_id: e.step.id },
      body: answerFor(e.step),
      author: w.users.techAuthor,
      claimer: w.users.claimer,
    };
  },
  noteActive: async (w) => ({ ...(await activeSession(w)), body: { text: 'Checked the event log' } }),
  noteClaimed: async (w) => ({ ...(await claimedSession(w)), body: { text: 'Checked the event log' } }),
  factActive: async (w) => ({ ...(await activeSession(w)), body: { text: 'Webmail works' } }),
  factClaimed: async (w) => ({ ...(await claimedSession(w)), body: { text: 'Webmail works' } }),
  resolveActive: async (w) => ({
    ...(await activeSession(w)),
    body: { root_cause: 'Stale profile', resolution_summary: 'Rebuilt the profile' },
  }),
  resolveClaimed: async (w) => ({
    ...(await claimedSession(w)),
    body: { root_cause: 'Stale profile', resolution_summary: 'Rebuilt the profile' },
  }),

  escalation: async (w) => ({
    ...(await activeSession(w)),
    body: { intent: 'escalate', engineer_notes: 'Out of ideas' },
  }),
  targetedEscalation: async (w) => ({
    ...(await activeSession(w)),
    body: { intent: 'escalate', target_user_id: w.users.engineer.id },
  }),
  park: async (w) => ({
    ...(await activeSession(w)),
    body: { intent: 'park', engineer_notes: 'Back after lunch' },
  }),
  sessionWithPark: async (w) => {
    const target = await activeSession(w);
    await ok(
      w.setup.techAuthor.post(`/api/v1/sessions/${target.params!.id}/handoffs`, { intent: 'park' }),
      201,
    );
    return target;
  },
  queuedHandoff: async (w) => ({
    params: { id: (await escalated(w)).handoff.id },
    author: w.users.techAuthor,
  }),
  seniorsQueuedHandoff: async (w) => ({
    params: { id: (await escalated(w, w.setup.seniorAuthor)).handoff.id },
    author: w.users.seniorAuthor,
  }),
  parkHandoff: async (w) => {
    const s = await startSession(w);
    const park = (
      await ok(w.setup.techAuthor.post(`/api/v1/sessions/${s.session.id}/handoffs`, { intent: 'park' }), 201)
    ).handoff;
    return { params: { id: park.id }, author: w.users.techAuthor };
  },
  claimedHandoff: async (w) => ({
    params: { id: (await claimed(w)).handoff.id },
    author: w.users.techAuthor,
    claimer: w.users.claimer,
  }),
} satisfies Record<string, Fixture>;
