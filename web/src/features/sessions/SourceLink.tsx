import { Link } from 'react-router';
import type { StepSource } from '../../../../shared/sessions';

export const SOURCE_KIND_LABEL: Record<StepSource['kind'], string> = {
  runbook: 'Runbook',
  known_issue: 'Known issue',
  error_code: 'Error code',
  article: 'Article',
  session: 'Past session',
  psa_ticket: 'PSA ticket',
};

/** Where each kind of knowledge can be opened; the shipped catalogue entries have no page of their own. */
function hrefOf(source: StepSource): string | null {
  const id = encodeURIComponent(source.id);
  switch (source.kind) {
    case 'session':
      return `/sessions/${id}`;
    case 'article':
    case 'psa_ticket':
      return `/knowledge/articles/${id}`;
    case 'runbook':
      return `/knowledge/runbooks/${id}`;
    default:
      return null;
  }
}

/** "Article: <title>", the title linking to the item when it has a page. */
export function SourceLink({ source }: { source: StepSource }) {
  const href = hrefOf(source);
  return (
    <>
      <span className="text-slate-500 dark:text-slate-400">{SOURCE_KIND_LABEL[source.kind]}: </span>
      {href ? (
        <Link
          to={href}
          className="font-medium text-accent-700 underline hover:no-underline dark:text-accent-300"
        >
          {source.title}
        </Link>
      ) : (
        source.title
      )}
    </>
  );
}
