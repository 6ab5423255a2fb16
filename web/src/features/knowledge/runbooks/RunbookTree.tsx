import { Badge } from '../../../components/ui/Badge';
import type { Branch, DraftCause, DraftStep, RunbookDraft } from './draft';
import { choicesOf } from './walk';

type Target =
  | { kind: 'step'; node: StepNode }
  | { kind: 'jump'; id: string }
  | { kind: 'resolve'; id: string; cause?: DraftCause }
  | { kind: 'contradicts' }
  | { kind: 'none' };

interface StepNode {
  step: DraftStep;
  branches: { label: string; target: Target }[];
}

/**
 * Lays the steps out depth-first from the root. A step reached a second time is shown once, where it
 * is first met; later branches say "continue at" instead of repeating the subtree.
 */
export function layoutTree(doc: RunbookDraft): { roots: StepNode[] } {
  const placed = new Set<string>();
  const place = (step: DraftStep): StepNode => {
    placed.add(step.id);
    return {
      step,
      branches: choicesOf(step).map(({ label, branch }) => ({ label, target: targetOf(branch) })),
    };
  };
  const targetOf = (b: Branch): Target => {
    if (b.next !== undefined) {
      const step = doc.steps.find((s) => s.id === b.next);
      return step && !placed.has(step.id)
        ? { kind: 'step', node: place(step) }
        : { kind: 'jump', id: b.next };
    }
    if (b.resolve !== undefined)
      return { kind: 'resolve', id: b.resolve, cause: doc.causes.find((c) => c.id === b.resolve) };
    return b.contradicts ? { kind: 'contradicts' } : { kind: 'none' };
  };
  const roots: StepNode[] = [];
  // Anything the root cannot reach still gets shown (a valid runbook has none), after the main tree.
  for (const step of doc.steps) if (!placed.has(step.id)) roots.push(place(step));
  return { roots };
}

export function RunbookTree({ runbook }: { runbook: RunbookDraft }) {
  const { roots } = layoutTree(runbook);
  return (
    <ul aria-label="Steps" className="space-y-3">
      {roots.map((node) => (
        <StepItem key={node.step.id} node={node} />
      ))}
    </ul>
  );
}

function StepItem({ node }: { node: StepNode }) {
  const { step } = node;
  return (
    <li id={`step-${step.id}`} className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={step.kind === 'question' ? 'accent' : 'neutral'}>
          {step.kind === 'question' ? 'Question' : 'Action'}
        </Badge>
        <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{step.id}</span>
      </div>
      <p className="text-slate-900 dark:text-slate-100">{step.text}</p>
      {step.kind === 'action' && step.command && (
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-2 font-mono text-xs whitespace-pre-wrap text-slate-100 dark:bg-slate-950">
          <code>{step.command}</code>
        </pre>
      )}
      {step.kind === 'action' && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <span className="font-medium">Expected: </span>
          {step.expected_outcome}
        </p>
      )}
      <ul
        aria-label={`Answers to ${step.id}`}
        className="space-y-2 border-l-2 border-slate-200 pl-4 dark:border-slate-700"
      >
        {node.branches.map((b, i) => (
          <li key={i} className="space-y-2 text-sm">
            <p>
              <span className="font-medium text-slate-800 dark:text-slate-200">{b.label}</span>
              <span aria-hidden="true" className="text-slate-400">
                {' '}
                →{' '}
              </span>
              <TargetText target={b.target} />
            </p>
            {b.target.kind === 'step' && (
              <ul className="border-l-2 border-transparent pl-2">
                <StepItem node={b.target.node} />
              </ul>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}

function TargetText({ target }: { target: Target }) {
  switch (target.kind) {
    case 'step':
      return <span className="text-slate-600 dark:text-slate-400">next step</span>;
    case 'jump':
      return (
        <a href={`#step-${target.id}`} className="text-accent-700 underline dark:text-accent-300">
          continue at {target.id}
        </a>
      );
    case 'resolve':
      return (
        <span className="text-emerald-800 dark:text-emerald-300">
          resolves: {target.cause?.text ?? target.id}
        </span>
      );
    case 'contradicts':
      return <span className="text-amber-800 dark:text-amber-300">contradicts this runbook</span>;
    default:
      return <span className="text-slate-500 dark:text-slate-400">leads nowhere</span>;
  }
}
