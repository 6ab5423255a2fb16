import { Badge } from '../../components/ui/Badge';
import { Notice } from '../../components/ui/Notice';
import { Spinner } from '../../components/ui/Spinner';
import { ContextSection } from './ContextSections';
import { CONFIDENCE_TEXT, providerText, SOURCE_KIND_LABELS } from './format';
import type { Assessment } from '../../../../shared/handoffs';
import type { Schemas } from '../../api/client';

type Handoff = Schemas['Handoff'];

/**
 * (3) The assessment: likely cause, suggested steps, confidence and sources. While it is being generated
 * the section says so and fills in when `handoff_assessment_ready` arrives; when it failed it says that
 * plainly instead of guessing.
 */
export function AssessmentSection({ handoff }: { handoff: Handoff }) {
  const { assessment, assessment_status: status } = handoff;
  return (
    <ContextSection title="Assessment">
      {status === 'pending' && (
        <div
          role="status"
          className="flex items-start gap-3 rounded-md bg-slate-50 px-4 py-3 text-sm dark:bg-slate-800/60"
        >
          <Spinner className="mt-0.5 size-4 shrink-0" />
          <div>
            <p className="font-medium text-slate-900 dark:text-slate-100">Generating assessment…</p>
            <p className="text-slate-600 dark:text-slate-400">
              It appears here by itself in a few seconds. What was tried is already complete.
            </p>
          </div>
        </div>
      )}
      {(status === 'unavailable' || (status === 'ready' && !assessment)) && (
        <Notice tone="warning" title="Assessment unavailable — work from what was tried">
          The assessment could not be generated this time. Everything the tech did is listed above.
        </Notice>
      )}
      {status === 'ready' && assessment && <AssessmentBody assessment={assessment} />}
    </ContextSection>
  );
}

function AssessmentBody({ assessment }: { assessment: Assessment }) {
  const confidence = CONFIDENCE_TEXT[assessment.confidence] ?? CONFIDENCE_TEXT.low;
  const steps = assessment.suggested_steps ?? [];
  const sources = assessment.sources ?? [];
  return (
    <div className="space-y-4 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={confidence.tone}>{confidence.label}</Badge>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {providerText(assessment.provider, assessment.fallback)}
        </span>
      </div>
      {assessment.summary_prose && (
        <p className="break-words text-slate-700 dark:text-slate-300">{assessment.summary_prose}</p>
      )}
      <div>
        <h4 className="font-medium text-slate-900 dark:text-slate-100">Likely cause</h4>
        <p className="mt-0.5 break-words text-slate-800 dark:text-slate-200">
          {assessment.likely_cause || 'No single cause stands out yet.'}
        </p>
      </div>
      <div>
        <h4 className="font-medium text-slate-900 dark:text-slate-100">Suggested steps</h4>
        {steps.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-400">No specific next steps were suggested.</p>
        ) : (
          <ol
            aria-label="Suggested steps"
            className="mt-1 list-decimal space-y-1 pl-5 text-slate-800 dark:text-slate-200"
          >
            {steps.map((step, index) => (
              <li key={index} className="break-words">
                {step}
              </li>
            ))}
          </ol>
        )}
      </div>
      {sources.length > 0 && (
        <div>
          <h4 className="font-medium text-slate-900 dark:text-slate-100">Sources</h4>
          <ul aria-label="Sources" className="mt-1 space-y-1 text-slate-700 dark:text-slate-300">
            {sources.map((source) => (
              <li key={`${source.kind}:${source.id}`} className="flex items-start gap-2">
                <span className="shrink-0">
                  <Badge>{SOURCE_KIND_LABELS[source.kind] ?? source.kind}</Badge>
                </span>
                <span className="min-w-0 break-words">{source.title}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
