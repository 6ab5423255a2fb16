import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { formatTimeAgo } from '../../lib/timeAgo';
import { useAddFact } from './api';
import { KIND_LABELS } from './labels';
import { OutcomeBadge } from './SessionBadges';
import { StepKindIcon } from './StepKindIcon';
import type { Schemas } from '../../api/client';

type Fact = Schemas['Fact'];
type Step = Schemas['Step'];

interface SessionTimelineProps {
  sessionId: string;
  steps: readonly Step[];
  facts: readonly Fact[];
  currentStepId: string | null;
  /** Whether answered steps offer "Promote to fact". */
  canPromote: boolean;
}

const PROMOTABLE = new Set(['question', 'action', 'resolution_suggestion']);

export function answerText(step: Step): string | null {
  if (!step.answered_at || step.kind === 'note') return null;
  if (step.answer?.skipped) return 'skipped';
  return step.answer?.label ?? step.answer?.text ?? null;
}

/** Every step, oldest first: what was asked or suggested, what came of it, who answered and when. */
export function SessionTimeline({
  sessionId,
  steps,
  facts,
  currentStepId,
  canPromote,
}: SessionTimelineProps) {
  const addFact = useAddFact(sessionId);
  const { notify } = useToast();
  const promoted = new Set(facts.map((fact) => fact.source_step_id).filter(Boolean));
  const pending = addFact.isPending ? addFact.variables : undefined;
  const promotingId = pending && 'step_id' in pending ? pending.step_id : null;

  const promote = (step: Step) =>
    addFact.mutate(
      { step_id: step.id },
      {
        onSuccess: () => notify('Added to what we know.'),
        onError: (error) => notify(errorMessage(error, 'Could not promote the step.'), 'error'),
      },
    );

  return (
    <Card title="History">
      {steps.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Nothing has happened yet.</p>
      ) : (
        <ol aria-label="Session history" className="space-y-4">
          {steps.map((step) => {
            const answer = answerText(step);
            const isCurrent = step.id === currentStepId;
            const fromUser = step.source === 'user';
            return (
              <li key={step.id} className="flex gap-3">
                <span
                  className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300"
                  aria-hidden="true"
                >
                  <StepKindIcon kind={step.kind} className="size-4" />
                </span>
                <div className="min-w-0 flex-1 space-y-1 text-sm">
                  <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span className="font-semibold text-slate-900 dark:text-slate-50">
                      {fromUser && step.kind === 'note' ? 'Note' : (KIND_LABELS[step.kind] ?? step.kind)}
                    </span>
                    {isCurrent && <Badge tone="accent">Awaiting answer</Badge>}
                    {step.outcome && <OutcomeBadge outcome={step.outcome} />}
                  </p>
                  <p className="break-words whitespace-pre-wrap text-slate-800 dark:text-slate-200">
                    {step.content.text}
                  </p>
                  {answer && (
                    <p className="text-slate-700 dark:text-slate-300">
                      <span className="text-slate-500 dark:text-slate-400">Answer: </span>
                      {answer === 'skipped' ? <em>skipped</em> : answer}
                    </p>
                  )}
                  {step.note && (
                    <p className="text-slate-700 dark:text-slate-300">
                      <span className="text-slate-500 dark:text-slate-400">Note: </span>
                      {step.note}
                    </p>
                  )}
                  <StepMeta step={step} />
                  {canPromote &&
                    step.answered_at &&
                    PROMOTABLE.has(step.kind) &&
                    (promoted.has(step.id) ? (
                      <Badge tone="success">Promoted to fact</Badge>
                    ) : (
                      <Button
                        size="sm"
                        variant="ghost"
                        className="-ml-3"
                        loading={promotingId === step.id}
                        onClick={() => promote(step)}
                      >
                        Promote to fact<span className="sr-only"> (step {step.step_order})</span>
                      </Button>
                    ))}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}

function StepMeta({ step }: { step: Step }) {
  const when = step.answered_at ?? step.created_at;
  const who = step.actor_name ?? (step.source === 'assistant' ? 'Assistant' : null);
  return (
    <p className="text-xs text-slate-500 dark:text-slate-400">
      {step.answered_at && step.source === 'assistant' ? `Answered by ${who ?? 'someone'}` : (who ?? '')}
      {' · '}
      <time dateTime={when} title={formatDateTime(when)}>
        {formatTimeAgo(when)}
      </time>
    </p>
  );
}
