import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { KnowledgeDomain, RunbookDocument } from '../../../../../shared/knowledge';
import { api } from '../../../api/client';
import type { ListResponse, Role } from '../../../api/types';
import { isSeniorRole } from '../../../lib/roles';

export type RunbookOrigin = 'shipped' | 'account';

export interface RunbookSummary {
  id: string;
  title: string;
  domain: KnowledgeDomain;
  origin: RunbookOrigin;
  forked_from: string | null;
  updated_at: string | null;
  steps: number;
  causes: number;
}

export interface RunbookRecord {
  runbook: RunbookDocument;
  origin: RunbookOrigin;
  forked_from: string | null;
  created_at: string | null;
  updated_at: string | null;
}

export interface RunbookFilter {
  q: string;
  origin: RunbookOrigin | '';
}

/** Engineers, admins and owners write and import knowledge; techs and viewers read it. */
export const canWriteRunbooks = (role: Role) => isSeniorRole(role);

export const RUNBOOK_SCHEMA_URL = '/api/v1/knowledge/schema/runbook.json';

export const runbookKeys = {
  all: ['knowledge', 'runbooks'] as const,
  list: (f: RunbookFilter) => ['knowledge', 'runbooks', 'list', f.q, f.origin] as const,
  detail: (id: string) => ['knowledge', 'runbooks', 'detail', id] as const,
};

const path = (id: string, rest = '') => `/knowledge/runbooks/${encodeURIComponent(id)}${rest}`;

export function useRunbookList(filter: RunbookFilter) {
  return useQuery({
    queryKey: runbookKeys.list(filter),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      if (filter.q) params.set('q', filter.q);
      if (filter.origin) params.set('origin', filter.origin);
      const query = params.toString();
      return api.get<ListResponse<RunbookSummary>>(`/knowledge/runbooks${query ? `?${query}` : ''}`, {
        signal,
      });
    },
    select: (response) => response.items,
    // Typing in the search box should not blank the list between answers.
    placeholderData: keepPreviousData,
  });
}

export function useRunbook(id: string, enabled = true) {
  return useQuery({
    queryKey: runbookKeys.detail(id),
    queryFn: ({ signal }) => api.get<RunbookRecord>(path(id), { signal }),
    enabled,
  });
}

/** Any write changes what lists and details show, so all of them refetch when next shown. */
function useRunbookMutation<I, O>(send: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runbookKeys.all }),
  });
}

export const useCreateRunbook = () =>
  useRunbookMutation((runbook: RunbookDocument) =>
    api.post<{ runbook: RunbookDocument }>('/knowledge/runbooks', runbook),
  );

export const useUpdateRunbook = (id: string) =>
  useRunbookMutation((runbook: RunbookDocument) => api.put<{ runbook: RunbookDocument }>(path(id), runbook));

export const useForkRunbook = () =>
  useRunbookMutation((id: string) => api.post<{ runbook: RunbookDocument }>(path(id, '/fork')));

// After deleting a fork the shipped runbook of the same id shows through again, so details refetch too.
export const useDeleteRunbook = () => useRunbookMutation((id: string) => api.delete(path(id)));

export function fetchRunbookYaml(id: string): Promise<string> {
  return api.getText(path(id, '?format=yaml'));
}
