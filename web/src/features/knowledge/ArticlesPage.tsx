import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { buttonClasses } from '../../components/ui/buttonStyles';
import { cx } from '../../components/ui/cx';
import { EmptyState } from '../../components/ui/EmptyState';
import { Input } from '../../components/ui/Input';
import { LoadError } from '../../components/ui/LoadError';
import { SegmentedControl } from '../../components/ui/SegmentedControl';
import { LoadingState } from '../../components/ui/Spinner';
import { usePageTitle } from '../../lib/usePageTitle';
import { useSession } from '../auth/AuthContext';
import { useArticleList, type ArticleFilters } from './api';
import { ArticleList, Pager } from './ArticleList';
import { KnowledgeHeader } from './KnowledgeHeader';
import { KnowledgeIcon } from './KnowledgeIcon';
import { canWriteKnowledge } from './permissions';
import type { ResponseOf, Schemas } from '../../api/client';

type ArticleKind = Schemas['Article']['kind'];
type TagCount = ResponseOf<'get', '/knowledge/articles'>['tags'][number];

const SEARCH_DELAY_MS = 300;
const KIND_OPTIONS = [
  { value: 'all', label: 'All' },
  { value: 'article', label: 'Articles' },
  { value: 'psa_ticket', label: 'PSA tickets' },
] as const;
type KindOption = (typeof KIND_OPTIONS)[number]['value'];

export function WriterActions() {
  return (
    <>
      <Link to="/knowledge/import" className={buttonClasses('secondary')}>
        Import
      </Link>
      <Link to="/knowledge/articles/new" className={buttonClasses('primary')}>
        New article
      </Link>
    </>
  );
}

/** Filters live in the URL so a search can be bookmarked and restored with Back. */
function useArticleFilters(): [ArticleFilters, (next: Partial<ArticleFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const rawKind = params.get('kind');
  const filters: ArticleFilters = {
    q: params.get('q') ?? undefined,
    tag: params.get('tag') ?? undefined,
    kind: rawKind === 'article' || rawKind === 'psa_ticket' ? rawKind : undefined,
    offset: Math.max(0, Number(params.get('offset')) || 0),
  };
  const update = (next: Partial<ArticleFilters>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined || value === '' || value === 0) merged.delete(key);
      else merged.set(key, String(value));
    }
    // A new search or filter starts at the first page again.
    if (!('offset' in next)) merged.delete('offset');
    setParams(merged, { replace: true });
  };
  return [filters, update];
}

export function ArticlesPage() {
  usePageTitle('Knowledge');
  const { user } = useSession();
  const writer = canWriteKnowledge(user.role);
  const [filters, update] = useArticleFilters();
  const list = useArticleList(filters);
  const filtered = Boolean(filters.q || filters.tag || filters.kind);

  return (
    <>
      <KnowledgeHeader
        title="Knowledge"
        description="What the assistant knows about your clients and systems, beyond the shipped runbooks."
        actions={writer ? <WriterActions /> : undefined}
      />
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <SearchBox initial={filters.q ?? ''} onSearch={(q) => update({ q: q || undefined })} />
        <SegmentedControl
          label="Kind"
          options={KIND_OPTIONS}
          value={(filters.kind ?? 'all') as KindOption}
          onChange={(value) => update({ kind: value === 'all' ? undefined : (value as ArticleKind) })}
        />
      </div>
      {list.data && (
        <TagFilter
          tags={list.data.tags}
          selected={filters.tag}
          onSelect={(tag) => update({ tag: tag === filters.tag ? undefined : tag })}
        />
      )}

      {list.isPending && <LoadingState label="Loading articles…" />}
      {list.isError && !list.data && (
        <LoadError what="articles" error={list.error} onRetry={() => void list.refetch()} />
      )}
      {list.data && list.data.items.length === 0 && !filtered && <NoKnowledgeYet writer={writer} />}
      {list.data && list.data.items.length === 0 && filtered && (
        <EmptyState
          title="Nothing matches"
          description="No article or PSA ticket matches this search and filter. Try other words or clear the filters."
          action={
            <Button onClick={() => update({ q: undefined, tag: undefined, kind: undefined })}>
              Clear filters
            </Button>
          }
        />
      )}
      {list.data && list.data.items.length > 0 && (
        <div
          aria-busy={list.isPlaceholderData || undefined}
          className={cx(list.isPlaceholderData && 'opacity-70')}
        >
          <ArticleList items={list.data.items} />
          <Pager
            offset={filters.offset ?? 0}
            total={list.data.total}
            onOffset={(offset) => update({ offset })}
          />
        </div>
      )}
    </>
  );
}

function SearchBox({ initial, onSearch }: { initial: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(initial);
  // `onSearch` is recreated on every render; the timer below calls the latest one.
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  // The search can also change from outside (Clear filters, Back): show what is actually applied.
  useEffect(() => {
    setText((current) => (current.trim() === initial ? current : initial));
  }, [initial]);

  // Search as you type, but only once typing pauses, so each keystroke is not a request.
  useEffect(() => {
    if (text.trim() === initial) return;
    const timer = setTimeout(() => onSearchRef.current(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, initial]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(text.trim());
  };

  return (
    <form role="search" onSubmit={submit} className="w-full max-w-md">
      <Input
        label="Search knowledge"
        type="search"
        value={text}
        placeholder="Error code, product, symptom…"
        onChange={(event) => setText(event.target.value)}
      />
    </form>
  );
}

function TagFilter({
  tags,
  selected,
  onSelect,
}: {
  tags: TagCount[];
  selected?: string;
  onSelect: (tag: string) => void;
}) {
  // The chosen tag stays visible (and removable) even if the answer no longer lists it.
  const shown =
    selected && !tags.some((t) => t.tag === selected) ? [{ tag: selected, count: 0 }, ...tags] : tags;
  if (shown.length === 0) return null;
  return (
    <div role="group" aria-label="Filter by tag" className="mb-4 flex flex-wrap gap-2">
      {shown.map(({ tag, count }) => {
        const active = tag === selected;
        return (
          <button
            key={tag}
            type="button"
            aria-pressed={active}
            onClick={() => onSelect(tag)}
            className={cx(
              'rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset',
              active
                ? 'bg-accent-600 text-white ring-accent-600 dark:bg-accent-400 dark:text-slate-950 dark:ring-accent-400'
                : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800',
            )}
          >
            {tag}
            {count > 0 && <span className="ml-1 tabular-nums opacity-75">{count}</span>}
          </button>
        );
      })}
    </div>
  );
}

function NoKnowledgeYet({ writer }: { writer: boolean }) {
  return (
    <EmptyState
      icon={<KnowledgeIcon className="size-6" />}
      title="Teach the assistant what your team knows"
      description={
        <>
          <p>
            The assistant searches these articles in every session, next to the shipped runbooks. Write down
            the fix for a ticket that keeps coming back, or import the knowledge base you already have:
            Markdown, Word, HTML or text files, runbooks in YAML or JSON, or a .zip of them.
          </p>
          <p className="mt-2">
            Resolved escalations also suggest new articles, which an admin approves under Proposals.
            {!writer && ' Engineers, admins and owners can add articles.'}
          </p>
        </>
      }
      action={
        writer ? (
          <div className="flex gap-2">
            <WriterActions />
          </div>
        ) : undefined
      }
    />
  );
}
