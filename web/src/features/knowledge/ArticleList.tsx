import { Link } from 'react-router';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { formatDate } from '../../lib/format';
import { ARTICLES_PAGE_SIZE } from './api';
import type { Schemas } from '../../api/client';

type ArticleKind = Schemas['Article']['kind'];
type ArticleListItem = Schemas['ArticleListItem'];

export const KIND_LABELS: Record<ArticleKind, string> = { article: 'Article', psa_ticket: 'PSA ticket' };

export function KindBadge({ kind }: { kind: ArticleKind }) {
  return <Badge tone={kind === 'article' ? 'accent' : 'neutral'}>{KIND_LABELS[kind] ?? kind}</Badge>;
}

export function TagList({ tags, label = 'Tags' }: { tags: string[]; label?: string }) {
  if (tags.length === 0) return null;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-1.5">
      {tags.map((tag) => (
        <li
          key={tag}
          className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300"
        >
          {tag}
        </li>
      ))}
    </ul>
  );
}

export function ArticleList({ items }: { items: ArticleListItem[] }) {
  return (
    <ul
      aria-label="Articles"
      className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
    >
      {items.map((item) => (
        <li key={item.id} className="px-4 py-4 sm:px-5">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <h2 className="min-w-0 text-base font-semibold text-slate-900 dark:text-slate-50">
              <Link to={`/knowledge/articles/${encodeURIComponent(item.id)}`} className="hover:underline">
                {item.title}
              </Link>
            </h2>
            <KindBadge kind={item.kind} />
          </div>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            {item.source.label} · Updated {formatDate(item.updated_at)}
          </p>
          {item.excerpt && (
            <p className="mt-2 line-clamp-2 text-sm text-slate-700 dark:text-slate-300">{item.excerpt}</p>
          )}
          <div className="mt-2">
            <TagList tags={item.tags} label={`Tags of ${item.title}`} />
          </div>
        </li>
      ))}
    </ul>
  );
}

interface PagerProps {
  offset: number;
  total: number;
  onOffset: (offset: number) => void;
}

export function Pager({ offset, total, onOffset }: PagerProps) {
  if (total <= ARTICLES_PAGE_SIZE && offset === 0) return null;
  const last = Math.min(offset + ARTICLES_PAGE_SIZE, total);
  return (
    <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
        {total === 0 ? 'No results' : `${offset + 1}–${last} of ${total}`}
      </p>
      <div className="flex gap-2">
        <Button
          size="sm"
          disabled={offset === 0}
          onClick={() => onOffset(Math.max(0, offset - ARTICLES_PAGE_SIZE))}
        >
          Previous
        </Button>
        <Button size="sm" disabled={last >= total} onClick={() => onOffset(offset + ARTICLES_PAGE_SIZE)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
