import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf, type Schemas } from '../../../api/client';

/** The saved connection; the keys are write-only (`public_key` comes back masked, "…X7Qa"). */
export type PsaConnection = Schemas['PsaConnection'];
export type NoteVisibility = PsaConnection['resolution_note_visibility'];
/** A save leaves the keys out to keep the stored ones. */
export type SaveConnectionInput = Schemas['SavePsaConnection'];
export type PsaMember = Schemas['PsaMember'];
export type MemberLink = Schemas['PsaMemberLink'];
export type PsaTicket = Schemas['PsaTicket'];
export type PsaProviderName = PsaConnection['provider'];

/** The names admins know the PSAs by. */
export const PSA_LABELS: Record<PsaProviderName, string> = {
  connectwise: 'ConnectWise',
  halopsa: 'HaloPSA',
  autotask: 'Autotask',
};
/** The connected PSA's name for labels; ConnectWise until another is chosen. */
export const psaLabel = (provider: PsaProviderName | null | undefined) =>
  PSA_LABELS[provider ?? 'connectwise'];

export const psaKeys = {
  connection: ['psa', 'connection'] as const,
  links: ['psa', 'links'] as const,
  remoteMembers: ['psa', 'remote-members'] as const,
  status: ['psa', 'status'] as const,
  choices: ['psa', 'choices'] as const,
};

export function usePsaConnection() {
  return useQuery({
    queryKey: psaKeys.connection,
    queryFn: () => dataOf(api.GET('/psa/connection')),
    select: (response) => response.connection,
  });
}

export function useSavePsaConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveConnectionInput) => dataOf(api.PUT('/psa/connection', { body: input })),
    onSuccess: ({ connection }) => {
      queryClient.setQueryData(psaKeys.connection, { connection });
      return queryClient.invalidateQueries({ queryKey: ['psa'] });
    },
  });
}

export function useDeletePsaConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dataOf(api.DELETE('/psa/connection')),
    onSuccess: () => {
      queryClient.setQueryData(psaKeys.connection, { connection: null });
      return queryClient.invalidateQueries({ queryKey: ['psa'] });
    },
  });
}

export function useTestPsaConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dataOf(api.POST('/psa/connection/test')),
    // The server keeps the outcome with the connection ("last tested …").
    onSettled: () => queryClient.invalidateQueries({ queryKey: psaKeys.connection }),
  });
}

export function useMemberLinks(enabled: boolean) {
  return useQuery({
    queryKey: psaKeys.links,
    queryFn: () => dataOf(api.GET('/psa/members')),
    select: (response) => response.items,
    enabled,
  });
}

/** ConnectWise's members: asked only when someone opens the picker, since it calls the PSA. */
export function usePsaMembers(enabled: boolean) {
  return useQuery({
    queryKey: psaKeys.remoteMembers,
    queryFn: () => dataOf(api.GET('/psa/remote-members')),
    select: (response) => response.items,
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useLinkMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, memberId }: { userId: string; memberId: number | null }) =>
      memberId === null
        ? dataOf(api.DELETE('/psa/members/{user_id}', { params: { path: { user_id: userId } } }))
        : dataOf(
            api.PUT('/psa/members/{user_id}', {
              params: { path: { user_id: userId } },
              body: { member_id: memberId },
            }),
          ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: psaKeys.links }),
  });
}

/** Any member may ask: the intake form offers the ticket lookup, the resolve form the hours. */
export function usePsaStatus() {
  return useQuery({
    queryKey: psaKeys.status,
    queryFn: () => dataOf(api.GET('/psa/status')),
    staleTime: 60_000,
    retry: false,
  });
}

export function useTicketLookup() {
  return useMutation({
    mutationFn: (ticket: string) =>
      dataOf(api.GET('/psa/tickets/{number}', { params: { path: { number: ticket } } })),
  });
}

/** Statuses and note types the connected PSA lists, for the settings pickers (asks the PSA). */
export function usePsaChoices(enabled: boolean) {
  return useQuery({
    queryKey: psaKeys.choices,
    queryFn: () => dataOf(api.GET('/psa/choices')),
    enabled,
    staleTime: 5 * 60_000,
    retry: false,
  });
}
