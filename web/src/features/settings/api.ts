import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type {
  ApiToken,
  CreatedApiToken,
  CreatedInvite,
  Invite,
  ListResponse,
  Member,
  MemberUpdate,
  Role,
} from '../../api/types';

export const settingsKeys = {
  members: ['members'] as const,
  invites: ['invites'] as const,
  tokens: ['tokens'] as const,
};

const items = <T>(response: ListResponse<T>) => response.items;

export function useMembers() {
  return useQuery({
    queryKey: settingsKeys.members,
    queryFn: () => api.get<ListResponse<Member>>('/members'),
    select: items,
  });
}

export function useUpdateMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: MemberUpdate }) =>
      api.patch<unknown>(`/members/${encodeURIComponent(id)}`, changes),
    // Refetch rather than patch the cache: the server may adjust other rows (e.g. ownership rules).
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.members }),
  });
}

/** Only admins and owners may list invites, so callers pass whether to ask at all. */
export function useInvites(enabled: boolean) {
  return useQuery({
    queryKey: settingsKeys.invites,
    queryFn: () => api.get<ListResponse<Invite>>('/invites'),
    select: items,
    enabled,
  });
}

export function useCreateInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) => api.post<CreatedInvite>('/invites', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.invites }),
  });
}

export function useRevokeInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/invites/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.invites }),
  });
}

export function useTokens() {
  return useQuery({
    queryKey: settingsKeys.tokens,
    queryFn: () => api.get<ListResponse<ApiToken>>('/tokens'),
    select: items,
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<CreatedApiToken>('/tokens', { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.tokens }),
  });
}

export function useDeleteToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.tokens }),
  });
}
