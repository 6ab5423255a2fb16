import { SourceLink } from './SourceLink';
import type { StepContent } from '../../../../shared/sessions';

/** Why the assistant suggests this step and what it is based on (runbooks, articles, similar past sessions). */
export function StepSources({ content }: { content: StepContent }) {
  const sources = content.sources ?? [];
  if (!content.rationale && sources.length === 0) return null;
  return (
    <div className="space-y-2 rounded-md border border-slate-200 px-4 py-3 text-sm sm:px-5 dark:border-slate-800">
      {content.rationale && (
        <p className="text-slate-700 dark:text-slate-300">
          <span className="font-medium text-slate-900 dark:text-slate-100">Why this step: </span>
          {content.rationale}
        </p>
      )}
      {sources.length > 0 && (
        <div>
          <h3 className="font-medium text-slate-900 dark:text-slate-100">Based on</h3>
          <ul className="mt-1 space-y-1">
            {sources.map((source) => (
              <li key={`${source.kind}:${source.id}`} className="text-slate-700 dark:text-slate-300">
                <SourceLink source={source} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
