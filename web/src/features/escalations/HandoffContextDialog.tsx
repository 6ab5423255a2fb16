import { useRef } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Notice } from '../../components/ui/Notice';
import { useNow } from '../../lib/useNow';
import { AssessmentSection } from './AssessmentSection';
import { ProblemSection, TriedSection } from './ContextSections';
import type { Schemas } from '../../api/client';

type Handoff = Schemas['Handoff'];

export const CONTEXT_DIALOG_TITLE = 'Handoff context';

export type ClaimChoice = 'continue' | 'ask';

interface HandoffContextDialogProps {
  handoff: Handoff;
  meId: string;
  /** `pickup`: before claiming, with the claim actions. `overlay`: reopened for reference; Esc closes it. */
  mode: 'pickup' | 'overlay';
  onClose: () => void;
  onBack: () => void;
  onClaim: (choice: ClaimChoice) => void;
  pending: ClaimChoice | null;
  error: string | null;
  /** Offered in the overlay to whoever holds the claim: puts the escalation back in the queue. */
  onRelease?: () => void;
  releasing?: boolean;
}

/**
 * The handoff context screen: (1) the problem, (2) what has been tried, (3) the assessment and
 * (4) the actions. Focus starts on the primary action ("Claim and continue", or "Close" when reopened).
 */
export function HandoffContextDialog(props: HandoffContextDialogProps) {
  const { handoff, meId, mode, onClose, onBack, onClaim, pending, error, onRelease, releasing } = props;
  const primaryRef = useRef<HTMLButtonElement>(null);
  const now = useNow(5_000);
  const busy = pending !== null;

  const footer =
    mode === 'pickup' ? (
      <>
        <Button variant="ghost" onClick={onBack} disabled={busy}>
          Back
        </Button>
        <Button onClick={() => onClaim('ask')} loading={pending === 'ask'} disabled={busy}>
          Claim and ask the assistant
        </Button>
        <Button
          ref={primaryRef}
          variant="primary"
          onClick={() => onClaim('continue')}
          loading={pending === 'continue'}
          disabled={busy}
        >
          Claim and continue
        </Button>
      </>
    ) : (
      <>
        {onRelease && handoff.claimed_by?.id === meId && (
          <Button onClick={onRelease} loading={releasing} disabled={releasing}>
            Put back in queue
          </Button>
        )}
        <Button ref={primaryRef} variant="primary" onClick={onClose}>
          Close
        </Button>
      </>
    );

  return (
    <Dialog
      open
      size="lg"
      title={CONTEXT_DIALOG_TITLE}
      description={
        mode === 'pickup'
          ? 'Everything handed over with this escalation. Claim it to take over the session.'
          : 'What was handed over with this escalation, for reference while you work.'
      }
      onClose={onClose}
      initialFocusRef={primaryRef}
      footer={footer}
      footerLabel="Actions"
    >
      <div className="space-y-5">
        {error && <Notice tone="error">{error}</Notice>}
        <ProblemSection handoff={handoff} now={now} meId={meId} />
        <TriedSection handoff={handoff} />
        <AssessmentSection handoff={handoff} />
      </div>
    </Dialog>
  );
}
