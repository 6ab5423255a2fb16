import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf } from '../../../api/client';

const signInSessionsKey = ['me', 'sessions'] as const;

/** The signed-in user's own browser sessions, newest first; `current` is this browser. */
export function useSignInSessions() {
  return useQuery({
    queryKey: signInSessionsKey,
    queryFn: () => dataOf(api.GET('/me/sessions')),
    select: (response) => response.items,
  });
}

export function useRevokeSignInSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => dataOf(api.DELETE('/me/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: signInSessionsKey }),
  });
}

export function useRevokeOtherSignInSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dataOf(api.POST('/me/sessions/revoke-others')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: signInSessionsKey }),
  });
}
