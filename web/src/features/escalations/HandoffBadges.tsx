import { Badge } from '../../components/ui/Badge';
import { CheckIcon, AlertIcon } from '../../components/ui/icons';
import { Spinner } from '../../components/ui/Spinner';
import type { Priority } from '../../../../shared/sessions';
import { ASSESSMENT_STATUS_TEXT, HANDOFF_PRIORITY } from './format';
import type { AssessmentStatus } from '../../../../shared/handoffs';

/** "P1 · Critical": the level is written out, so the colour is never the only cue. */
export function HandoffPriorityBadge({ priority }: { priority: Priority }) {
  const { tone, label } = HANDOFF_PRIORITY[priority] ?? { tone: 'neutral' as const, label: '' };
  return (
    <Badge tone={tone}>
      <span className="sr-only">Priority </span>
      {priority.toUpperCase()}
      {label && ` · ${label}`}
    </Badge>
  );
}

/** Re-escalation level of the policy; nothing at level 0 (the first notification). */
export function PolicyLevelBadge({ level }: { level: number | undefined }) {
  if (!level || level <= 0) return null;
  return <Badge tone="warning">Level {level}</Badge>;
}

export function AssessmentStatusText({ status }: { status: AssessmentStatus }) {
  const text = ASSESSMENT_STATUS_TEXT[status] ?? status;
  return (
    <span className="inline-flex items-center gap-1.5 text-sm text-slate-600 dark:text-slate-400">
      {status === 'pending' && <Spinner className="size-3.5" />}
      {status === 'ready' && <CheckIcon className="size-4 text-emerald-600 dark:text-emerald-400" />}
      {status === 'unavailable' && <AlertIcon className="size-4 text-amber-600 dark:text-amber-400" />}
      {text}
    </span>
  );
}
