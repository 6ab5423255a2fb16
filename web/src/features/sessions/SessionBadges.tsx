import { Badge } from '../../components/ui/Badge';
import {
  formatConfidence,
  OUTCOME_LABELS,
  OUTCOME_TONES,
  PRIORITY_TONES,
  STATUS_LABELS,
  STATUS_TONES,
  TIER_LABELS,
  TIER_TONES,
} from './labels';
import type { ConfidenceTier, Outcome, Priority, SessionStatus } from '../../../../shared/sessions';

export function StatusBadge({ status }: { status: SessionStatus }) {
  return <Badge tone={STATUS_TONES[status] ?? 'neutral'}>{STATUS_LABELS[status] ?? status}</Badge>;
}

/** Tier plus the number behind it, e.g. "Guided · 82%"; the tier alone when the number is not wanted. */
export function TierBadge({ tier, confidence }: { tier: ConfidenceTier; confidence?: number }) {
  return (
    <Badge tone={TIER_TONES[tier] ?? 'neutral'}>
      <span className="sr-only">Confidence: </span>
      {TIER_LABELS[tier] ?? tier}
      {confidence !== undefined && ` · ${formatConfidence(confidence)}`}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <Badge tone={PRIORITY_TONES[priority] ?? 'neutral'}>
      <span className="sr-only">Priority </span>
      {priority.toUpperCase()}
    </Badge>
  );
}

export function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  return (
    <Badge tone={OUTCOME_TONES[outcome] ?? 'neutral'}>
      <span className="sr-only">Outcome: </span>
      {OUTCOME_LABELS[outcome] ?? outcome}
    </Badge>
  );
}
