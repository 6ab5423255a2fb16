import type { Ref } from 'react';
import { fieldId, type RunbookIssue } from '../issues';

/** Moves focus to the control for `path`, or to the nearest part of the form that contains it. */
export function focusIssue(path: string): void {
  let candidate = path;
  while (candidate) {
    const element = document.getElementById(fieldId(candidate));
    if (element) {
      element.focus();
      element.scrollIntoView?.({ block: 'center' });
      return;
    }
    const parent = candidate.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    candidate = parent === candidate ? '' : parent;
  }
}

/**
 * Every problem in one list above the form, in document order, each a button to the field. Focusable
 * so a refused save can move focus here and the list is read out.
 */
export function IssueSummary({
  issues,
  ref,
}: {
  issues: readonly RunbookIssue[];
  ref?: Ref<HTMLDivElement>;
}) {
  if (issues.length === 0) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="region"
      aria-labelledby="runbook-issues-title"
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm [overflow-wrap:anywhere] text-red-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-400 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100"
    >
      <h2 id="runbook-issues-title" className="font-semibold">
        {issues.length === 1
          ? '1 problem to fix before saving'
          : `${issues.length} problems to fix before saving`}
      </h2>
      <ul aria-label="Problems" className="mt-2 space-y-1">
        {issues.map((issue, i) => (
          <li key={i}>
            <button
              type="button"
              onClick={() => focusIssue(issue.path)}
              className="text-left underline decoration-red-300 underline-offset-2 hover:decoration-red-700 dark:decoration-red-700 dark:hover:decoration-red-300"
            >
              {issue.path && <code className="font-mono text-xs">{issue.path}</code>}
              {issue.path && ': '}
              {issue.message}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
