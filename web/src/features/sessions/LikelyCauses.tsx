import { causeVerdictOption } from '../../../../shared/sessions';
import { Badge, type BadgeTone } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { CommandBlock } from './CommandBlock';
import { SourceLink } from './SourceLink';
import type { LikelyCause } from '../../../../shared/sessions';

const CONFIDENCE_TONE: Record<LikelyCause['confidence'], BadgeTone> = {
  high: 'success',
  medium: 'accent',
  low: 'neutral',
};

interface LikelyCausesProps {
  causes: LikelyCause[];
  disabled: boolean;
  /** The option value being sent, to show which button is busy. */
  pendingOption: string | undefined;
  onVerdict: (option: string) => void;
}

/**
 * The causes the evidence supports, best first, each with its fix and source. "This fixed it" ends
 * the suggestions; "Not this" rules the cause out and the assistant moves to the next one.
 */
export function LikelyCauses({ causes, disabled, pendingOption, onVerdict }: LikelyCausesProps) {
  return (
    <section aria-label="Likely causes" className="space-y-2">
      <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-100">Likely causes, best first</h3>
      <ol className="space-y-2">
        {causes.map((c, index) => {
          const fixed = causeVerdictOption('fixed', c.id);
          const notThis = causeVerdictOption('not', c.id);
          return (
            <li
              key={c.id}
              className="rounded-md border border-slate-200 px-3 py-2 text-sm dark:border-slate-700"
            >
              <div className="flex flex-wrap items-start justify-between gap-2">
                <p className="font-medium text-slate-900 dark:text-slate-50">
                  {index + 1}. {c.cause}
                </p>
                <Badge tone={CONFIDENCE_TONE[c.confidence]}>{c.confidence} confidence</Badge>
              </div>
              <p className="mt-1 text-slate-700 dark:text-slate-300">
                <span className="font-medium">Fix: </span>
                {c.fix}
              </p>
              {c.command && <CommandBlock command={c.command} />}
              <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
                <span className="text-xs">
                  <SourceLink source={c.source} />
                </span>
                <span className="flex gap-2">
                  <Button
                    size="sm"
                    disabled={disabled}
                    loading={pendingOption === fixed}
                    onClick={() => onVerdict(fixed)}
                    aria-label={`This fixed it: ${c.cause}`}
                  >
                    This fixed it
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    disabled={disabled}
                    loading={pendingOption === notThis}
                    onClick={() => onVerdict(notThis)}
                    aria-label={`Not this: ${c.cause}`}
                  >
                    Not this
                  </Button>
                </span>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
