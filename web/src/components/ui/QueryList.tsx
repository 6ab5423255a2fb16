import type { ReactNode } from 'react';
import { cx } from './cx';
import { LoadError } from './LoadError';
import { LoadingState } from './Spinner';

/** The part of a TanStack query result a list needs; any `useQuery` result of an array fits. */
type ListQuery<T> = {
  isPending: boolean;
  isError: boolean;
  isSuccess: boolean;
  data: T[] | undefined;
  error: unknown;
  refetch: () => unknown;
};

/**
 * A list fetched from the API: "Loading…", the server's reason with "Try again", a plain empty
 * message, or the rows. Every list page shows these states the same way, so they live here once.
 * `flush` is for lists that sit edge to edge in a `Card flush`: the states then bring their own padding.
 */
export function QueryList<T>({
  query,
  what,
  loadingLabel,
  empty,
  flush = false,
  children,
}: {
  query: ListQuery<T>;
  /** Names the list in the error ("Could not load …"). */
  what: string;
  loadingLabel: string;
  /** Shown when the list is empty; a string becomes a paragraph. Without it, empty lists render `children`. */
  empty?: ReactNode;
  flush?: boolean;
  children: (items: T[]) => ReactNode;
}) {
  if (query.isPending) return <LoadingState label={loadingLabel} />;
  if (query.isError) {
    const error = <LoadError what={what} error={query.error} onRetry={() => void query.refetch()} />;
    return flush ? <div className="p-4 sm:p-5">{error}</div> : error;
  }
  if (!query.isSuccess || !query.data) return null;
  if (query.data.length === 0 && empty !== undefined) {
    if (typeof empty !== 'string') return <>{empty}</>;
    return (
      <p className={cx('text-sm text-slate-600 dark:text-slate-400', flush && 'px-4 py-6 sm:px-5')}>
        {empty}
      </p>
    );
  }
  return <>{children(query.data)}</>;
}
