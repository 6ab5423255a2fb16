import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RunbookDocument } from '../../../../../shared/knowledge';
import type { Role } from '../../../../../shared/roles';
import { api, asText, dataOf, type Schemas } from '../../../api/client';
import { isSeniorRole } from '../../../lib/roles';

export type RunbookSummary = Schemas['RunbookListItem'];
export type RunbookOrigin = RunbookSummary['origin'];

/**
 * A runbook with where it comes from. The API types the document loosely (any JSON object); the
 * server only ever sends documents that passed `runbookSchema` (shared/knowledge.ts), so it is read as one.
 */
export type RunbookRecord = Omit<Schemas['RunbookEnvelope'], 'runbook'> & { runbook: RunbookDocument };

const asRecord = async (call: Promise<{ data?: Schemas['RunbookEnvelope'] }>) =>
  (await dataOf(call)) as RunbookRecord;

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

const byId = (id: string) => ({ params: { path: { id } } });

export function useRunbookList(filter: RunbookFilter) {
  return useQuery({
    queryKey: runbookKeys.list(filter),
    queryFn: ({ signal }) => {
      // Empty filters are left out, so the URL stays short.
      const query = { q: filter.q || undefined, origin: filter.origin || undefined };
      return dataOf(api.GET('/knowledge/runbooks', { params: { query }, signal }));
    },
    select: (response) => response.items,
    // Typing in the search box should not blank the list between answers.
    placeholderData: keepPreviousData,
  });
}

export function useRunbook(id: string, enabled = true) {
  return useQuery({
    queryKey: runbookKeys.detail(id),
    queryFn: ({ signal }) => asRecord(api.GET('/knowledge/runbooks/{id}', { ...byId(id), signal })),
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
    asRecord(api.POST('/knowledge/runbooks', { body: runbook })),
  );

export const useUpdateRunbook = (id: string) =>
  useRunbookMutation((runbook: RunbookDocument) =>
    asRecord(api.PUT('/knowledge/runbooks/{id}', { ...byId(id), body: runbook })),
  );

export const useForkRunbook = () =>
  useRunbookMutation((id: string) => asRecord(api.POST('/knowledge/runbooks/{id}/fork', byId(id))));

// After deleting a fork the shipped runbook of the same id shows through again, so details refetch too.
export const useDeleteRunbook = () =>
  useRunbookMutation((id: string) => dataOf(api.DELETE('/knowledge/runbooks/{id}', byId(id))));

export function fetchRunbookYaml(id: string): Promise<string> {
  return dataOf(
    api.GET('/knowledge/runbooks/{id}', { params: { path: { id }, query: { format: 'yaml' } }, ...asText }),
  );
}
