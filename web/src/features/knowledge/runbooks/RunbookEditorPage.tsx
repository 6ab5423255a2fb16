import { useLocation, useParams, Link } from 'react-router';
import { buttonClasses } from '../../../components/ui/buttonStyles';
import { EmptyState } from '../../../components/ui/EmptyState';
import { LoadError } from '../../../components/ui/LoadError';
import { PageHeader } from '../../../components/ui/PageHeader';
import { LoadingState } from '../../../components/ui/Spinner';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useRunbook } from './api';
import { emptyDraft, toDraft } from './draft';
import type { ImportedRunbook } from './ImportRunbookButton';
import { KnowledgeTabs } from './KnowledgeTabs';
import { RunbookEditor } from './RunbookEditor';

const viewPath = (id: string) => `/knowledge/runbooks/${encodeURIComponent(id)}`;

/** /knowledge/runbooks/new: blank, or pre-filled from a file the list page read. */
export function NewRunbookPage() {
  const location = useLocation();
  const imported = (location.state as ImportedRunbook | null) ?? null;
  usePageTitle('New runbook');
  return (
    <RunbookEditor
      // A second import while already on this page must start over from the new file.
      key={location.key}
      mode="new"
      initial={imported?.draft ?? emptyDraft()}
      importedFrom={imported?.fileName}
    />
  );
}

/** /knowledge/runbooks/:id/edit: only the account's own runbooks; shipped ones are forked first. */
export function EditRunbookPage() {
  const { id = '' } = useParams();
  const query = useRunbook(id);
  usePageTitle(query.data ? `Edit ${query.data.runbook.title}` : 'Edit runbook');

  if (query.isPending) return <LoadingState label="Loading the runbook…" />;
  if (query.isError)
    return <LoadError what="the runbook" error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.origin === 'shipped')
    return (
      <>
        <PageHeader title={query.data.runbook.title} />
        <KnowledgeTabs />
        <EmptyState
          title="Shipped runbooks are read-only"
          description="Fork it first: your team then uses your copy, which you can edit."
          action={
            <Link to={viewPath(id)} className={buttonClasses('primary')}>
              Back to the runbook
            </Link>
          }
        />
      </>
    );
  // The form reads `initial` once: a background refetch must not wipe what the author is typing.
  return <RunbookEditor key={id} mode="edit" initial={toDraft(query.data.runbook)} />;
}
