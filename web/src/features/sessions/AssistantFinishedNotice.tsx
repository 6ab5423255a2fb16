import { Button } from '../../components/ui/Button';
import { Notice } from '../../components/ui/Notice';
import type { AssistantFinished } from '../../../../shared/sessions';

const STEP_LIMIT = 30;

/** Shown on an active session once the assistant has no current step to offer. */
export function AssistantFinishedNotice({
  finished,
  onResolve,
}: {
  finished: AssistantFinished | null;
  onResolve: () => void;
}) {
  if (finished === 'fixed') {
    return (
      <Notice tone="success" title="The fix worked — resolve the session">
        <p>Record the root cause and what fixed it so the team can reuse it.</p>
        <Button variant="primary" size="sm" className="mt-3" onClick={onResolve}>
          Fill in the resolution
        </Button>
      </Notice>
    );
  }
  if (finished === 'step_limit') {
    return (
      <Notice tone="warning" title={`Step limit reached (${STEP_LIMIT})`}>
        The assistant stops suggesting after {STEP_LIMIT} steps. Add what you know as facts, resolve, or
        escalate.
      </Notice>
    );
  }
  return (
    <Notice tone="info" title="No further suggestions">
      The assistant has no further suggestions. Add facts, resolve, or escalate.
    </Notice>
  );
}
