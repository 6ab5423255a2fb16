import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, dataOf, type ResponseOf } from '../../api/client';
import { buttonClasses } from '../../components/ui/buttonStyles';
import { Card } from '../../components/ui/Card';
import { LoadError } from '../../components/ui/LoadError';
import { LoadingState } from '../../components/ui/Spinner';
import { analyticsKeys } from './api';
import { linkClasses } from './SavingsCard';
import { PERIOD_LABELS, type Period } from './types';

/** One cluster of recent sessions whose best knowledge match was weak (SPEC §14, knowledge gaps). */
export type KnowledgeGap = ResponseOf<'get', '/analytics/knowledge-gaps'>['items'][number];

const MAX_EXAMPLES = 3;

export function useKnowledgeGaps(period: Period) {
  return useQuery({
    // Under analyticsKeys.all, so anything that refreshes all analytics refreshes the gaps too.
    queryKey: [...analyticsKeys.all, 'knowledge-gaps', period] as const,
    queryFn: ({ signal }) =>
      dataOf(api.GET('/analytics/knowledge-gaps', { params: { query: { period } }, signal })),
    select: (response) => response.items,
    placeholderData: keepPreviousData,
  });
}

export const newArticleLink = (gap: KnowledgeGap) =>
  `/knowledge/articles/new?${new URLSearchParams({ title: gap.suggested_title || gap.label }).toString()}`;

const percent = (score: number | null) => (score === null ? 'none' : `${Math.round(score * 100)}%`);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What to write next: problems the assistant had little to offer on, with a head start on the article. */
export function KnowledgeGapsCard({ period }: { period: Period }) {
  const gaps = useKnowledgeGaps(period);
  return (
    <Card
      title="Knowledge gaps"
      description={`Recent problems, escalated or unresolved, where the assistant found no good match in the last ${PERIOD_LABELS[period]}.`}
    >
      {gaps.isPending && <LoadingState label="Loading knowledge gaps…" />}
      {gaps.isError && !gaps.data && (
        <LoadError what="knowledge gaps" error={gaps.error} onRetry={() => void gaps.refetch()} />
      )}
      {gaps.data && gaps.data.length === 0 && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No gaps: every recent session had a good match.
        </p>
      )}
      {gaps.data && gaps.data.length > 0 && (
        <ul aria-label="Knowledge gaps" className="divide-y divide-slate-100 dark:divide-slate-800">
          {gaps.data.map((gap) => (
            <li
              key={gap.label}
              className="flex flex-wrap items-start justify-between gap-3 py-3 first:pt-0 last:pb-0"
            >
              <div className="min-w-0">
                <h3 className="font-medium text-slate-900 dark:text-slate-50">{gap.label}</h3>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {plural(gap.sessions, 'session', 'sessions')}, {gap.escalated} escalated · best match{' '}
                  {percent(gap.best_match)}
                </p>
                {gap.example_session_ids.length > 0 && (
                  <ul
                    aria-label={`Example sessions for ${gap.label}`}
                    className="mt-1 flex flex-wrap gap-x-3 text-sm"
                  >
                    {gap.example_session_ids.slice(0, MAX_EXAMPLES).map((id, index) => (
                      <li key={id}>
                        <Link to={`/sessions/${encodeURIComponent(id)}`} className={linkClasses}>
                          Example {index + 1}
                          <span className="sr-only"> of {gap.label}</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <Link to={newArticleLink(gap)} className={buttonClasses('secondary', 'sm')}>
                Write an article<span className="sr-only"> about {gap.label}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
