import { Link, useParams, useSearchParams } from 'react-router';
import { Card } from '../../components/ui/Card';
import { LoadError } from '../../components/ui/LoadError';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingState } from '../../components/ui/Spinner';
import { usePageTitle } from '../../lib/usePageTitle';
import { useArticle } from './api';
import { ArticleForm } from './ArticleForm';

const backLinkClasses = 'text-sm font-medium text-accent-700 hover:underline dark:text-accent-300';

/** `?title=` and `?body=` pre-fill the form, e.g. from the knowledge-gaps card on the analytics page. */
export function NewArticlePage() {
  usePageTitle('New article');
  const [params] = useSearchParams();
  const initial = { title: params.get('title') ?? '', body: params.get('body') ?? '', tags: [] };
  return (
    <>
      <p className="mb-2">
        <Link to="/knowledge" className={backLinkClasses}>
          ← Knowledge
        </Link>
      </p>
      <PageHeader
        title="New article"
        description="Write what your team knows in Markdown. The assistant can use it as soon as it is saved."
      />
      <Card>
        <ArticleForm article={null} initial={initial} />
      </Card>
    </>
  );
}

export function EditArticlePage() {
  const { id = '' } = useParams();
  const query = useArticle(id);
  const article = query.data?.article;
  usePageTitle(article ? `Edit ${article.title}` : 'Edit article');
  return (
    <>
      <p className="mb-2">
        <Link to={`/knowledge/articles/${encodeURIComponent(id)}`} className={backLinkClasses}>
          ← Back to the article
        </Link>
      </p>
      <PageHeader title="Edit article" description="Saving adds a new version to the article’s history." />
      {query.isPending && <LoadingState label="Loading the article…" />}
      {query.isError && (
        <LoadError what="the article" error={query.error} onRetry={() => void query.refetch()} />
      )}
      {article && (
        <Card>
          <ArticleForm key={article.id} article={article} initial={article} />
        </Card>
      )}
    </>
  );
}
