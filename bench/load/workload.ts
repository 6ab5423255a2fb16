import { BrowserClient, RequestFailed } from './browser-client';

type Option = { label: string; value: string };
type Step = { id: string; kind: string; content: { options?: Option[] } };
type SessionView = { session: { id: string; status: string }; current_step: Step | null };
type QueueItem = { id: string; session_id: string };

/** What every virtual user shares: the clock, think times, intakes and the log of escalations. */
export type Shared = {
  /** performance.now() after which no new task starts (requests in flight finish). */
  deadline: number;
  thinkMs: [number, number];
  intakes: string[];
  /** Called with each escalate response (handoff id, when the response arrived). */
  onEscalated: (accountId: string, handoffId: string, respondedAt: number) => void;
};

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const chance = (p: number) => Math.random() < p;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const open = (shared: Shared) => performance.now() < shared.deadline;

/**
 * A pause between two actions of one person, uniform within the configured range (cut short at the
 * deadline). False when the test is over, so the next action is not started.
 */
async function think(shared: Shared): Promise<boolean> {
  const [min, max] = shared.thinkMs;
  await sleep(Math.min(min + Math.random() * (max - min), Math.max(0, shared.deadline - performance.now())));
  return open(shared);
}

/** Runs `task` again and again until the deadline; a failed request ends the task, not the user. */
async function loop(shared: Shared, task: () => Promise<void>) {
  await sleep(Math.random() * shared.thinkMs[1]); // users do not all click in the same millisecond
  while (open(shared)) {
    try {
      await task();
    } catch (err) {
      if (!(err instanceof RequestFailed)) throw err;
    }
    await think(shared);
  }
}

/** An answer a person could give to the current step: an option, or an outcome for a check. */
function answerFor(step: Step) {
  if (step.kind === 'action')
    return {
      outcome: pick(['failed', 'failed', 'partial', 'worked'] as const),
      note: 'checked on the user’s machine',
    };
  const options = step.content.options ?? [];
  if (options.length === 0) return { text: 'Not sure, the user could not tell' };
  // Mostly "did not fix it" on suggestions, so sessions keep going the way stuck ones do.
  const notFixed = options.find((o) => /not/i.test(o.label));
  return {
    option: (step.kind === 'resolution_suggestion' && notFixed && chance(0.8) ? notFixed : pick(options))
      .value,
  };
}

/**
 * A junior tech: starts a session from an intake, answers a few steps, records a fact, glances at
 * the dashboard and the bell, then escalates (about half the time) or resolves.
 */
export function techUser(client: BrowserClient, accountId: string, shared: Shared) {
  return loop(shared, async () => {
    const created = await client.post<SessionView>('/sessions', '/sessions', {
      problem: pick(shared.intakes),
      ...(chance(0.6) ? { ticket: String(10_000 + Math.floor(Math.random() * 90_000)) } : {}),
      priority: pick(['p2', 'p3', 'p3', 'p4'] as const),
    });
    const id = created.body.session.id;
    let step = created.body.current_step;
    for (let answers = 2 + Math.floor(Math.random() * 3); answers > 0 && step; answers--) {
      if (!(await think(shared))) return;
      const next = await client.post<SessionView>(
        '/sessions/{id}/steps/{step_id}/answer',
        `/sessions/${id}/steps/${step.id}/answer`,
        answerFor(step),
      );
      step = next.body.current_step;
    }
    if (!(await think(shared))) return;
    await client.post('/sessions/{id}/facts', `/sessions/${id}/facts`, {
      text: 'User is on the office wired network, issue started after lunch',
    });
    if (chance(0.3))
      await client.get('/sessions', '/sessions?status=active,paused,requesting_escalation,escalated');
    if (chance(0.3)) await client.get('/notifications', '/notifications');
    if (!(await think(shared))) return;
    if (chance(0.5)) {
      const res = await client.post<{ handoff: { id: string } }>(
        '/sessions/{id}/handoffs',
        `/sessions/${id}/handoffs`,
        {
          intent: 'escalate',
          engineer_notes: 'Tried the obvious checks, stuck — please take a look',
          priority: pick(['p1', 'p2', 'p3'] as const),
        },
      );
      shared.onEscalated(accountId, res.body.handoff.id, performance.now());
    } else {
      await client.post('/sessions/{id}/resolve', `/sessions/${id}/resolve`, {
        root_cause: 'Stale cached credentials on the workstation',
        resolution_summary: 'Cleared the cached credentials and signed the user in again',
      });
    }
  });
}

/**
 * A senior engineer with the live queue open: wakes on a `handoff_created` frame of their stream (or
 * looks again after a while), refetches the queue like the web app does, claims one of the oldest,
 * and works the escalation: context screen, session, a step or "ask the assistant", a fact, resolve.
 */
export function seniorUser(
  client: BrowserClient,
  shared: Shared,
  arrivals: { next: (timeoutMs: number) => Promise<void> },
) {
  return loop(shared, async () => {
    await arrivals.next(Math.min(shared.thinkMs[1] * 2, Math.max(0, shared.deadline - performance.now())));
    if (!open(shared)) return;
    await sleep(200 + Math.random() * 800); // reading the card before clicking
    const queue = await client.get<{ items: QueueItem[] }>('/handoffs/queue', '/handoffs/queue');
    if (queue.body.items.length === 0) {
      await client.get('/notifications', '/notifications');
      return;
    }
    const item = pick(queue.body.items.slice(0, 3));
    const claim = await client.post('/handoffs/{id}/claim', `/handoffs/${item.id}/claim`, undefined, {
      claim: true,
    });
    if (claim.status !== 200) return; // lost the race: back to the queue
    await client.get('/handoffs/{id}', `/handoffs/${item.id}`);
    const view = await client.get<SessionView>('/sessions/{id}', `/sessions/${item.session_id}`);
    if (!(await think(shared))) return;
    const step = view.body.current_step;
    if (step)
      await client.post(
        '/sessions/{id}/steps/{step_id}/answer',
        `/sessions/${item.session_id}/steps/${step.id}/answer`,
        answerFor(step),
      );
    else await client.post('/sessions/{id}/ask', `/sessions/${item.session_id}/ask`);
    if (!(await think(shared))) return;
    await client.post('/sessions/{id}/facts', `/sessions/${item.session_id}/facts`, {
      text: 'Confirmed by the senior: the DNS suffix list was wrong',
    });
    if (!(await think(shared))) return;
    await client.post('/sessions/{id}/resolve', `/sessions/${item.session_id}/resolve`, {
      root_cause: 'Wrong DNS suffix search list pushed by the last policy change',
      resolution_summary: 'Corrected the suffix list in the policy and refreshed it on the client',
    });
  });
}

/** An admin or owner: analytics for a random period, the queue and the delivery log. */
export function adminUser(client: BrowserClient, shared: Shared) {
  return loop(shared, async () => {
    await client.get('/analytics/escalations', `/analytics/escalations?period=${pick(['7d', '30d', '90d'])}`);
    if (!(await think(shared))) return;
    await client.get('/handoffs/queue', '/handoffs/queue');
    if (!(await think(shared))) return;
    await client.get('/deliveries', '/deliveries?limit=50');
  });
}
