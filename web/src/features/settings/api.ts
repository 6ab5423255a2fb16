import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf, type Schemas } from '../../api/client';

export const settingsKeys = {
  members: ['members'] as const,
  invites: ['invites'] as const,
  tokens: ['tokens'] as const,
};

const items = <T>(response: { items: T[] }) => response.items;

/** The members list as the server sends it; the escalation dialog shares this cache entry. */
export const fetchMembers = () => dataOf(api.GET('/members'));

export function useMembers() {
  return useQuery({
    queryKey: settingsKeys.members,
    queryFn: fetchMembers,
    select: items,
  });
}

export function useUpdateMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: Schemas['MemberPatch'] }) =>
      dataOf(api.PATCH('/members/{id}', { params: { path: { id } }, body: changes })),
    // Refetch rather than patch the cache: the server may adjust other rows (e.g. ownership rules).
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.members }),
  });
}

/** Only admins and owners may list invites, so callers pass whether to ask at all. */
export function useInvites(enabled: boolean) {
  return useQuery({
    queryKey: settingsKeys.invites,
    queryFn: () => dataOf(api.GET('/invites')),
    select: items,
    enabled,
  });
}

export function useCreateInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Schemas['CreateInvite']) => dataOf(api.POST('/invites', { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.invites }),
  });
}

export function useRevokeInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => dataOf(api.DELETE('/invites/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.invites }),
  });
}

export function useTokens() {
  return useQuery({
    queryKey: settingsKeys.tokens,
    queryFn: () => dataOf(api.GET('/tokens')),
    select: items,
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => dataOf(api.POST('/tokens', { body: { name } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.tokens }),
  });
}

export function useDeleteToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => dataOf(api.DELETE('/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.tokens }),
  });
}
