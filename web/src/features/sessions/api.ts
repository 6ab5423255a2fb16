import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { SessionStatus } from '../../../../shared/sessions';
import { ApiError, api, asText, dataOf, type Schemas } from '../../api/client';
import type { AnswerInput, SessionScope, TransitionName } from './types';

type SessionView = Schemas['SessionDetail'];

export const sessionKeys = {
  all: ['sessions'] as const,
  lists: ['sessions', 'list'] as const,
  list: (scope: SessionScope, status: SessionStatus | undefined, limit: number) =>
    ['sessions', 'list', scope, status ?? 'any', limit] as const,
  detail: (id: string) => ['sessions', 'detail', id] as const,
  notes: (id: string) => ['sessions', 'notes', id] as const,
};

const session = (id: string) => ({ params: { path: { id } } });

export interface SessionListFilter {
  scope: SessionScope;
  status?: SessionStatus;
  limit?: number;
}

export function useSessionList({ scope, status, limit = 50 }: SessionListFilter) {
  return useQuery({
    queryKey: sessionKeys.list(scope, status, limit),
    queryFn: ({ signal }) =>
      dataOf(api.GET('/sessions', { params: { query: { scope, limit, status } }, signal })),
    select: (response) => response.items,
  });
}

export function useSessionView(id: string) {
  return useQuery({
    queryKey: sessionKeys.detail(id),
    queryFn: ({ signal }) => dataOf(api.GET('/sessions/{id}', { ...session(id), signal })),
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
    mutationFn: (input: Schemas['CreateSession']) => dataOf(api.POST('/sessions', { body: input })),
    onSuccess: (view) => storeView(queryClient, view),
  });
}

export function useAnswerStep(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId, answer }: { stepId: string; answer: AnswerInput }) =>
      dataOf(
        api.POST('/sessions/{id}/steps/{step_id}/answer', {
          params: { path: { id: sessionId, step_id: stepId } },
          body: answer,
        }),
      ),
    onSuccess: (view) => storeView(queryClient, view),
    onError: refetchOnConflict(queryClient, sessionId),
  });
}

export function useAddNote(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      dataOf(api.POST('/sessions/{id}/steps', { ...session(sessionId), body: { text } })),
    onSuccess: (view) => storeView(queryClient, view),
    onError: refetchOnConflict(queryClient, sessionId),
  });
}

export function useAddFact(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { text: string } | { step_id: string }) =>
      dataOf(api.POST('/sessions/{id}/facts', { ...session(sessionId), body: input })),
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
    mutationFn: (name: TransitionName) => dataOf(api.POST(`/sessions/{id}/${name}`, session(sessionId))),
    onSuccess: (view) => storeView(queryClient, view),
    onError: refetchOnConflict(queryClient, sessionId),
  });
}

export function useResolveSession(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Schemas['Resolve']) =>
      dataOf(api.POST('/sessions/{id}/resolve', { ...session(sessionId), body: input })),
    onSuccess: (view) => storeView(queryClient, view),
    onError: refetchOnConflict(queryClient, sessionId),
  });
}

/** Markdown generated from the record, so always fetched fresh when the dialog opens. */
export function useTicketNotes(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: sessionKeys.notes(sessionId),
    queryFn: ({ signal }) =>
      dataOf(api.GET('/sessions/{id}/notes', { ...session(sessionId), signal, ...asText })),
    enabled,
    staleTime: 0,
    gcTime: 0,
  });
}
