import { useEffect, useRef, useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { Notice } from '../../../components/ui/Notice';
import { CommandBlock } from '../../sessions/CommandBlock';
import type { RunbookDraft } from './draft';
import { choicesOf, replay, type Walk } from './walk';

/**
 * Walks the tree the way the engine does: root first, one answer at a time, until a cause is resolved
 * or the runbook is contradicted. It reads whatever it is given, so the editor can test unsaved work.
 */
export function TestRunPanel({ draft }: { draft: RunbookDraft }) {
  const [answers, setAnswers] = useState<number[]>([]);
  const walk = replay(draft, answers);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  // After an answer the buttons that had focus are gone; keyboard users continue from the new step.
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    heading.current?.focus();
  }, [answers]);

  const go = (next: number[]) => {
    moved.current = true;
    setAnswers(next);
  };
  // Edits to the draft can cut the walk short; answers past that point no longer mean anything.
  const answer = (index: number) => go([...answers.slice(0, walk.trail.length), index]);

  // Named so it can be found as a landmark next to a long form.
  return (
    <div role="region" aria-label="Test run">
      <Card
        title="Test run"
        description="Walk the tree as the assistant would. Nothing is saved or recorded."
        actions={
          <Button size="sm" onClick={() => go([])} disabled={answers.length === 0}>
            Restart
          </Button>
        }
      >
        <div className="space-y-4">
          {walk.trail.length > 0 && <Trail walk={walk} onBack={(i) => go(answers.slice(0, i))} />}
          <div aria-live="polite">
            <h3
              ref={heading}
              tabIndex={-1}
              className="text-sm font-semibold text-slate-900 focus:outline-none dark:text-slate-50"
            >
              {headingFor(walk)}
            </h3>
            <div className="mt-2">
              <Stop walk={walk} onAnswer={answer} />
            </div>
          </div>
        </div>
      </Card>
    </div>
  );
}

function headingFor({ stop, trail }: Walk): string {
  if (stop.kind === 'step')
    return `Step ${trail.length + 1}: ${stop.step.kind === 'question' ? 'question' : 'action'}`;
  if (stop.kind === 'resolved') return 'Cause found';
  if (stop.kind === 'contradicts') return 'Runbook ruled out';
  return 'The walk cannot go on';
}

function Trail({ walk, onBack }: { walk: Walk; onBack: (index: number) => void }) {
  return (
    <ol aria-label="Answers so far" className="flex flex-wrap items-center gap-x-1 gap-y-1 text-sm">
      {walk.trail.map((entry, i) => (
        <li key={i} className="flex items-center gap-1">
          {i > 0 && (
            <span aria-hidden="true" className="text-slate-400">
              ›
            </span>
          )}
          <button
            type="button"
            onClick={() => onBack(i)}
            title={`Back to: ${entry.step.text}`}
            className="rounded px-1.5 py-0.5 text-left text-accent-700 hover:bg-slate-100 hover:underline dark:text-accent-300 dark:hover:bg-slate-800"
          >
            <span className="sr-only">Go back to step {i + 1}, answered </span>
            {entry.answer}
          </button>
        </li>
      ))}
    </ol>
  );
}

function Stop({ walk, onAnswer }: { walk: Walk; onAnswer: (index: number) => void }) {
  const { stop } = walk;
  if (stop.kind === 'resolved')
    return (
      <Notice tone="success" title={stop.cause.text || stop.cause.id}>
        <p>
          <span className="font-semibold">Fix: </span>
          {stop.cause.fix}
        </p>
      </Notice>
    );
  if (stop.kind === 'contradicts')
    return (
      <Notice tone="warning">
        This answer contradicts the runbook: the assistant would set it aside and try the next likely cause.
      </Notice>
    );
  if (stop.kind === 'broken') return <Notice tone="warning">{stop.reason}</Notice>;

  const { step } = stop;
  return (
    <div className="space-y-3">
      <p className="text-slate-900 dark:text-slate-100">{step.text || <em>(no text yet)</em>}</p>
      {step.kind === 'action' && step.command && <CommandBlock command={step.command} />}
      {step.kind === 'action' && step.expected_outcome && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <span className="font-medium">Expected: </span>
          {step.expected_outcome}
        </p>
      )}
      <div role="group" aria-label="Answers" className="flex flex-wrap gap-2">
        {choicesOf(step).map((choice, i) => (
          <Button key={i} size="sm" onClick={() => onAnswer(i)}>
            {choice.label}
          </Button>
        ))}
      </div>
    </div>
  );
}
