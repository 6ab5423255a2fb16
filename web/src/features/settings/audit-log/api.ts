import { useInfiniteQuery } from '@tanstack/react-query';
import { api, API_BASE, dataOf, type Schemas } from '../../../api/client';

export type AuditEntry = Schemas['AuditEntry'];

/** The filters as the page holds them: `from` and `to` are the local days of `<input type="date">`. */
export interface AuditFilters {
  action: string;
  actor: string;
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { action: '', actor: '', from: '', to: '' };
export const AUDIT_PAGE_SIZE = 50;

/**
 * The filters as query parameters. Days are the viewer's local days, so they go out as the instants
 * where that day starts and ends (the server reads a bare date as a UTC day).
 */
export function auditQuery(filters: AuditFilters) {
  const action = filters.action.trim();
  return {
    action: action || undefined,
    actor: filters.actor || undefined,
    from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
    to: filters.to ? new Date(`${filters.to}T23:59:59.999`).toISOString() : undefined,
  };
}

/** The CSV export of the same filters, for a plain download link (the session cookie authenticates it). */
export function auditCsvUrl(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(auditQuery(filters))) if (value) params.set(name, value);
  const query = params.toString();
  return `${API_BASE}/audit-log.csv${query ? `?${query}` : ''}`;
}

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit-log', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      dataOf(
        api.GET('/audit-log', {
          params: { query: { ...auditQuery(filters), limit: AUDIT_PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}
