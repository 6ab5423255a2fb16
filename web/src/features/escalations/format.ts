import type { BadgeTone } from '../../components/ui/Badge';
import { formatTimeAgo } from '../../lib/timeAgo';
import { BUILTIN_LABEL } from '../sessions/labels';
import type { ConfidenceLabel, Priority } from '../../../../shared/sessions';
import type { AssessmentStatus } from '../../../../shared/handoffs';

/**
 * When a queue item started waiting, as seen at `now`: never later than the server's age said when it
 * was fetched (the browser's clock may be behind the server's).
 */
export function waitingSince(item: { escalated_at_ms: number; age_seconds: number }, now: number): number {
  return Math.min(item.escalated_at_ms, now - item.age_seconds * 1000);
}

/** The race toast, exactly: "Already claimed by Sam Senior 5 seconds ago." */
export function alreadyClaimedText(name: string | null | undefined, claimedAt: string | null | undefined) {
  const when = formatTimeAgo(claimedAt, { style: 'precise', empty: 'just now' });
  return `Already claimed by ${name || 'another engineer'} ${when}.`;
}

// P1 red … P4 grey; the badge always says the level in words too, so colour is never the only cue.
export const HANDOFF_PRIORITY: Record<Priority, { tone: BadgeTone; label: string }> = {
  p1: { tone: 'danger', label: 'Critical' },
  p2: { tone: 'warning', label: 'High' },
  p3: { tone: 'accent', label: 'Normal' },
  p4: { tone: 'neutral', label: 'Low' },
};

export const ASSESSMENT_STATUS_TEXT: Record<AssessmentStatus, string> = {
  pending: 'Generating assessment…',
  ready: 'Assessment ready',
  unavailable: 'Assessment unavailable',
};

export const CONFIDENCE_TEXT: Record<ConfidenceLabel, { label: string; tone: BadgeTone }> = {
  high: { label: 'High confidence', tone: 'success' },
  medium: { label: 'Medium confidence', tone: 'warning' },
  low: { label: 'Low confidence', tone: 'neutral' },
};

/** Who produced the assessment, said honestly: the built-in engine is not an AI model. */
export function providerText(provider: string, fallback: boolean): string {
  const name = provider === 'builtin' ? BUILTIN_LABEL : `AI: ${provider}`;
  return fallback ? `${name} (fallback)` : name;
}

export const SOURCE_KIND_LABELS: Record<string, string> = {
  runbook: 'Runbook',
  session: 'Past session',
};
