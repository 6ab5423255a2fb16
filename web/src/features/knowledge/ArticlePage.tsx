import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, type Schemas } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { buttonClasses } from '../../components/ui/buttonStyles';
import { Card } from '../../components/ui/Card';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { EmptyState } from '../../components/ui/EmptyState';
import { LoadError } from '../../components/ui/LoadError';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingState } from '../../components/ui/Spinner';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';
import { useSession } from '../auth/AuthContext';
import { useArticle, useDeleteArticle } from './api';
import { ArticleHistory } from './ArticleHistory';
import { KindBadge, TagList } from './ArticleList';
import { KnowledgeIcon } from './KnowledgeIcon';
import { Markdown } from './Markdown';
import { canWriteKnowledge } from './permissions';
import type { Person } from '../../../../shared/sessions';

type Article = Schemas['Article'];

export function ArticlePage() {
  const { id = '' } = useParams();
  const query = useArticle(id);
  usePageTitle(query.data?.article.title ?? 'Article');

  return (
    <>
      <p className="mb-2">
        <Link
          to="/knowledge"
          className="text-sm font-medium text-accent-700 hover:underline dark:text-accent-300"
        >
          ← Knowledge
        </Link>
      </p>
      {query.isPending && <LoadingState label="Loading the article…" />}
      {query.isError && query.error instanceof ApiError && query.error.status === 404 && (
        <EmptyState
          icon={<KnowledgeIcon className="size-6" />}
          title="This article does not exist"
          description="It may have been deleted, or the link is wrong. Search Knowledge for what you need."
          action={
            <Link to="/knowledge" className={buttonClasses('primary')}>
              Go to Knowledge
            </Link>
          }
        />
      )}
      {query.isError && !(query.error instanceof ApiError && query.error.status === 404) && (
        <LoadError what="the article" error={query.error} onRetry={() => void query.refetch()} />
      )}
      {query.data && (
        <div className="space-y-6">
          <ArticleView article={query.data.article} />
          <ArticleHistory revisions={query.data.revisions} />
        </div>
      )}
    </>
  );
}

const byLine = (person: Person | null, at: string) =>
  `${person?.name ?? 'Unknown author'}, ${formatDateTime(at)}`;

function ArticleView({ article }: { article: Article }) {
  const { user } = useSession();
  const writer = canWriteKnowledge(user.role);
  const navigate = useNavigate();
  const { notify } = useToast();
  const remove = useDeleteArticle();
  const [confirming, setConfirming] = useState(false);

  const confirmDelete = () =>
    remove.mutate(article.id, {
      onSuccess: () => {
        notify(`Article “${article.title}” deleted.`);
        navigate('/knowledge', { replace: true });
      },
    });

  return (
    <>
      <PageHeader
        title={article.title}
        description={article.source.label}
        actions={
          writer ? (
            <>
              <Link
                to={`/knowledge/articles/${encodeURIComponent(article.id)}/edit`}
                className={buttonClasses('secondary')}
              >
                Edit
              </Link>
              <Button
                variant="danger"
                onClick={() => {
                  remove.reset();
                  setConfirming(true);
                }}
              >
                Delete
              </Button>
            </>
          ) : undefined
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <KindBadge kind={article.kind} />
        <TagList tags={article.tags} />
      </div>
      <dl className="mb-6 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-slate-700 dark:text-slate-300">Created</dt>
        <dd className="text-slate-600 dark:text-slate-400">
          {byLine(article.created_by, article.created_at)}
        </dd>
        <dt className="font-medium text-slate-700 dark:text-slate-300">Last updated</dt>
        <dd className="text-slate-600 dark:text-slate-400">
          {byLine(article.updated_by, article.updated_at)}
        </dd>
      </dl>
      <Card>
        <Markdown source={article.body} />
      </Card>
      <ConfirmDialog
        open={confirming}
        title="Delete article?"
        confirmLabel="Delete article"
        onConfirm={confirmDelete}
        onCancel={() => setConfirming(false)}
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
      >
        <strong>{article.title}</strong> and its whole history are deleted, and the assistant stops using it
        at once. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
