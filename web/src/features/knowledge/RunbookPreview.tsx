import type { RunbookDraft } from './types';

const headingClasses = 'text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400';

/** A proposed runbook, read-only: what it is for, the likely causes and the steps in order. */
export function RunbookPreview({ runbook }: { runbook: RunbookDraft }) {
  const causes = runbook.causes ?? [];
  const steps = runbook.steps ?? [];
  return (
    <div className="space-y-4 text-sm text-slate-800 dark:text-slate-200">
      {runbook.title && <p className="font-semibold text-slate-900 dark:text-slate-50">{runbook.title}</p>}
      {runbook.symptoms && runbook.symptoms.length > 0 && (
        <section>
          <h4 className={headingClasses}>Symptoms</h4>
          <ul className="mt-1 list-disc pl-5">
            {runbook.symptoms.map((symptom, i) => (
              <li key={i}>{symptom}</li>
            ))}
          </ul>
        </section>
      )}
      {causes.length > 0 && (
        <section>
          <h4 className={headingClasses}>Causes</h4>
          <ul className="mt-1 space-y-1.5">
            {causes.map((cause, i) => (
              <li key={cause.id ?? i}>
                <span className="font-medium">{cause.text}</span>
                {cause.fix && (
                  <span className="block text-slate-600 dark:text-slate-400">Fix: {cause.fix}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {steps.length > 0 && (
        <section>
          <h4 className={headingClasses}>Steps</h4>
          <ol className="mt-1 list-decimal space-y-1.5 pl-5">
            {steps.map((step, i) => (
              <li key={step.id ?? i}>
                {step.text}
                {step.command && (
                  <code className="mt-1 block overflow-x-auto rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800">
                    {step.command}
                  </code>
                )}
                {step.expected_outcome && (
                  <span className="block text-slate-600 dark:text-slate-400">
                    Expect: {step.expected_outcome}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
