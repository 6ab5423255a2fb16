import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import type { ListResponse } from '../../api/types';
import type {
  AnswerInput,
  CreateSessionInput,
  Fact,
  SessionRecord,
  SessionScope,
  SessionStatus,
  SessionView,
  TransitionName,
} from './types';

export const sessionKeys = {
  all: ['sessions'] as const,
  lists: ['sessions', 'list'] as const,
  list: (scope: SessionScope, status: SessionStatus | undefined, limit: number) =>
    ['sessions', 'list', scope, status ?? 'any', limit] as const,
  detail: (id: string) => ['sessions', 'detail', id] as const,
  notes: (id: string) => ['sessions', 'notes', id] as const,
};

const path = (id: string, rest = '') => `/sessions/${encodeURIComponent(id)}${rest}`;

export interface SessionListFilter {
  scope: SessionScope;
  status?: SessionStatus;
  limit?: number;
}

export function useSessionList({ scope, status, limit = 50 }: SessionListFilter) {
  return useQuery({
    queryKey: sessionKeys.list(scope, status, limit),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ scope, limit: String(limit) });
      if (status) params.set('status', status);
      return api.get<ListResponse<SessionRecord>>(`/sessions?${params}`, { signal });
    },
    select: (response) => response.items,
  });
}

export function useSessionView(id: string) {
  return useQuery({
    queryKey: sessionKeys.detail(id),
    queryFn: ({ signal }) => api.get<SessionView>(path(id), { signal }),
  });
}

/** Every change answers with the fresh view: store it, and let lists refetch when next shown. */
function storeView(queryClient: QueryClient, view: SessionView) {
  queryClient.setQueryData(sessionKeys.detail(view.session.id), view);
  void queryClient.invalidateQueries({ queryKey: sessionKeys.lists });
}

/** A 409 means the session moved on elsewhere (another tab, a claim): show what it is now. */
function refetchOnConflict(queryClient: QueryClient, id: string) {
  return (error: unknown) => {
    if (error instanceof ApiError && error.status === 409) {
      void queryClient.invalidateQueries({ queryKey: sessionKeys.detail(id) });
    }
  };
}

export function useCreateSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateSessionInput) => api.post<SessionView>('/sessions', input),
    onSuccess: (view) => storeView(queryClient, view),
  });
}

export function useAnswerStep(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId, answer }: { stepId: string; answer: AnswerInput }) =>
      api.post<SessionView>(path(sessionId, `/steps/${encodeURIComponent(stepId)}/answer`), answer),
    onSuccess: (view) => storeView(queryClient, view),
    onError: refetchOnConflict(queryClient, sessionId),
  });
}

export function useAddNote(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => api.post<SessionView>(path(sessionId, '/steps'), { text }),
    onSuccess: (view) => storeView(queryClient, view),
    onError: refetchOnConflict(queryClient, sessionId),
  });
}

export function useAddFact(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { text: string } | { step_id: string }) =>
      api.post<{ fact: Fact }>(path(sessionId, '/facts'), input),
    onSuccess: ({ fact }) => {
      queryClient.setQueryData<SessionView>(sessionKeys.detail(sessionId), (view) =>
        view ? { ...view, facts: [...view.facts, fact] } : view,
      );
    },
    onError: refetchOnConflict(queryClient, sessionId),
  });
}

export function useTransition(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: TransitionName) => api.post<SessionView>(path(sessionId, `/${name}`)),
    onSuccess: (view) => storeView(queryClient, view),
    onError: refetchOnConflict(queryClient, sessionId),
  });
}

export function useResolveSession(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { root_cause: string; resolution_summary: string; time_hours?: number }) =>
      api.post<SessionView>(path(sessionId, '/resolve'), input),
    onSuccess: (view) => storeView(queryClient, view),
    onError: refetchOnConflict(queryClient, sessionId),
  });
}

/** Markdown generated from the record, so always fetched fresh when the dialog opens. */
export function useTicketNotes(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: sessionKeys.notes(sessionId),
    queryFn: ({ signal }) => api.getText(path(sessionId, '/notes'), { signal }),
    enabled,
    staleTime: 0,
    gcTime: 0,
  });
}
