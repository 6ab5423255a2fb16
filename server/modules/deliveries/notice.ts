import type { HandoffRow } from '../handoffs/handoffs.repo';
import { stepsTried } from '../handoffs/snapshot';
import { escalationTitle, pickupLink, problemSnippet } from '../handoffs/titles';

/** The event a message reports, as the outbox row's event-log entry holds it. */
export type NoticeEvent = {
  id: number;
  type: string;
  createdAt: Date;
  accountId: string;
  payload: Record<string, unknown>;
};

/**
 * What every channel says about one event, independent of format: the renderers turn it into an
 * email, a Slack or Teams card, or a webhook body. Built at send time from the event and the
 * handoff, so an email sent after the assessment finished says so.
 */
export type Notice = {
  event: NoticeEvent;
  /** Email subject and card headline; for an escalation exactly the bell title of SPEC §5. */
  title: string;
  summary: string;
  problem: string | null;
  escalatedBy: string | null;
  ticket: string | null;
  priority: string | null;
  engineerNotes: string | null;
  stepsTried: number | null;
  assessmentStatus: 'pending' | 'ready' | 'unavailable' | null;
  likelyCause: string | null;
  handoffId: string | null;
  sessionId: string | null;
  /** Absolute link to the handoff context screen. */
  url: string;
  ageSeconds: number;
};

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
const personName = (v: unknown) =>
  v && typeof v === 'object' && 'name' in v ? str((v as { name: unknown }).name) : null;

function titleFor(event: NoticeEvent, h: HandoffRow | undefined, summary: string): string {
  const given = str(event.payload.title);
  // handoff_created and handoff_escalated carry the exact bell title; reuse it so every channel agrees.
  if (given) return given;
  const snippet = problemSnippet(summary);
  switch (event.type) {
    case 'handoff_created':
      return h
        ? escalationTitle(h.handed_off_by_name, h.snapshot.ticket, h.snapshot.problem_summary)
        : `New escalation: ${snippet}`;
    case 'handoff_claimed':
      return `${personName(event.payload.claimed_by) ?? h?.claimed_by_name ?? 'An engineer'} picked up: ${snippet}`;
    case 'handoff_released':
      return `Back in the queue: ${snippet}`;
    case 'handoff_assessment_ready':
      return `Assessment ready: ${snippet}`;
    case 'handoff_escalated':
      return `Still unclaimed: ${snippet}`;
    default:
      return `ResolutionFlow: ${event.type}`;
  }
}

export function buildNotice(
  event: NoticeEvent,
  handoff: HandoffRow | undefined,
  appUrl: string,
  now: Date,
): Notice {
  const p = event.payload;
  const snap = handoff?.snapshot;
  const summary = snap?.problem_summary ?? str(p.problem_summary) ?? '';
  const sessionId = handoff?.session_id ?? str(p.session_id);
  const since = handoff?.created_at ?? event.createdAt;
  return {
    event,
    title: titleFor(event, handoff, summary),
    summary,
    problem: snap?.problem ?? null,
    escalatedBy: handoff?.handed_off_by_name ?? personName(p.handed_off_by),
    ticket: snap?.ticket ?? str(p.ticket),
    priority: handoff?.priority ?? str(p.priority),
    engineerNotes: handoff ? handoff.engineer_notes || null : null,
    stepsTried: snap ? stepsTried(snap) : null,
    assessmentStatus: handoff?.assessment_status ?? null,
    likelyCause: handoff?.assessment?.likely_cause ?? null,
    handoffId: handoff?.id ?? str(p.handoff_id),
    sessionId,
    url: sessionId ? `${appUrl}${pickupLink(sessionId)}` : appUrl,
    ageSeconds: Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000)),
  };
}

/** The message "Send test" delivers: same formats, no handoff behind it. */
export function testNotice(accountId: string, channelName: string, appUrl: string, now: Date): Notice {
  return {
    event: { id: 0, type: 'test', createdAt: now, accountId, payload: { channel_name: channelName } },
    title: `Test message from ResolutionFlow: ${channelName}`,
    summary: `If you can read this, the “${channelName}” channel is set up correctly. Escalations will look like this.`,
    problem: null,
    escalatedBy: null,
    ticket: null,
    priority: null,
    engineerNotes: null,
    stepsTried: null,
    assessmentStatus: null,
    likelyCause: null,
    handoffId: null,
    sessionId: null,
    url: appUrl,
    ageSeconds: 0,
  };
}
