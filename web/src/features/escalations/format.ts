import type { BadgeTone } from '../../components/ui/Badge';
import { BUILTIN_LABEL } from '../sessions/labels';
import type { Priority } from '../sessions/types';
import type { AssessmentConfidence, AssessmentStatus } from './types';

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** Compact age for cards: "just now", "3 min ago", "2 h 5 min ago", "3 days ago". */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return 'just now';
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min ago` : `${hours} h ago`;
  }
  return `${plural(Math.floor(hours / 24), 'day')} ago`;
}

/** Seconds a queue item has waited at `now`: never less than the server said when it was fetched. */
export function ageSeconds(item: { escalated_at_ms: number; age_seconds: number }, now: number): number {
  return Math.max(item.age_seconds, (now - item.escalated_at_ms) / 1000);
}

/** Precise wording for sentences: "5 seconds ago", "1 minute ago", "2 hours ago"; "just now" under 1 s. */
export function timeAgoText(iso: string | null | undefined, now: number = Date.now()): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return 'just now';
  const s = Math.max(0, Math.round((now - time) / 1000));
  if (s < 1) return 'just now';
  if (s < 60) return `${plural(s, 'second')} ago`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${plural(hours, 'hour')} ago`;
  return `${plural(Math.floor(hours / 24), 'day')} ago`;
}

/** The race toast, exactly: "Already claimed by Sam Senior 5 seconds ago." */
export function alreadyClaimedText(name: string | null | undefined, claimedAt: string | null | undefined) {
  return `Already claimed by ${name || 'another engineer'} ${timeAgoText(claimedAt)}.`;
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

export const CONFIDENCE_TEXT: Record<AssessmentConfidence, { label: string; tone: BadgeTone }> = {
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
