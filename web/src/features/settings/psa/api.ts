import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import type { ListResponse } from '../../../api/types';

export type NoteVisibility = 'internal' | 'customer';

export interface PsaConnection {
  provider: 'connectwise';
  enabled: boolean;
  site_url: string;
  company_id: string;
  /** Masked by the server ("…X7Qa"); the keys are write-only. */
  public_key: string;
  has_private_key: boolean;
  client_id: string;
  escalated_status: string | null;
  resolved_status: string | null;
  resolution_note_visibility: NoteVisibility;
  post_time_entry: boolean;
  last_test: { at: string; ok: boolean; error: string | null } | null;
  created_at: string;
  updated_at: string;
}

export interface SaveConnectionInput {
  site_url: string;
  company_id: string;
  /** Left out on an update to keep the stored key. */
  public_key?: string;
  private_key?: string;
  client_id: string;
  enabled: boolean;
  escalated_status: string | null;
  resolved_status: string | null;
  resolution_note_visibility: NoteVisibility;
  post_time_entry: boolean;
}

export interface PsaTestResult {
  ok: boolean;
  error?: string;
  server_version?: string | null;
}

export interface PsaMember {
  id: number;
  identifier: string;
  name: string;
}

export interface MemberLink {
  user_id: string;
  name: string;
  email: string;
  role: string;
  psa_member: PsaMember | null;
}

export const psaKeys = {
  connection: ['psa', 'connection'] as const,
  links: ['psa', 'links'] as const,
  remoteMembers: ['psa', 'remote-members'] as const,
  status: ['psa', 'status'] as const,
};

export function usePsaConnection() {
  return useQuery({
    queryKey: psaKeys.connection,
    queryFn: () => api.get<{ connection: PsaConnection | null }>('/psa/connection'),
    select: (response) => response.connection,
  });
}

export function useSavePsaConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveConnectionInput) =>
      api.put<{ connection: PsaConnection }>('/psa/connection', input),
    onSuccess: ({ connection }) => {
      queryClient.setQueryData(psaKeys.connection, { connection });
      return queryClient.invalidateQueries({ queryKey: ['psa'] });
    },
  });
}

export function useDeletePsaConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete('/psa/connection'),
    onSuccess: () => {
      queryClient.setQueryData(psaKeys.connection, { connection: null });
      return queryClient.invalidateQueries({ queryKey: ['psa'] });
    },
  });
}

export function useTestPsaConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<PsaTestResult>('/psa/connection/test'),
    // The server keeps the outcome with the connection ("last tested …").
    onSettled: () => queryClient.invalidateQueries({ queryKey: psaKeys.connection }),
  });
}

export function useMemberLinks(enabled: boolean) {
  return useQuery({
    queryKey: psaKeys.links,
    queryFn: () => api.get<ListResponse<MemberLink>>('/psa/members'),
    select: (response) => response.items,
    enabled,
  });
}

/** ConnectWise's members: asked only when someone opens the picker, since it calls the PSA. */
export function usePsaMembers(enabled: boolean) {
  return useQuery({
    queryKey: psaKeys.remoteMembers,
    queryFn: () => api.get<ListResponse<PsaMember>>('/psa/remote-members'),
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
        ? api.delete(`/psa/members/${encodeURIComponent(userId)}`)
        : api.put(`/psa/members/${encodeURIComponent(userId)}`, { member_id: memberId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: psaKeys.links }),
  });
}

export interface PsaStatus {
  connected: boolean;
  provider: 'connectwise' | null;
  /** Resolving books a time entry, so the resolve form asks for the hours. */
  time_entries: boolean;
}

/** Any member may ask: the intake form offers the ticket lookup, the resolve form the hours. */
export function usePsaStatus() {
  return useQuery({
    queryKey: psaKeys.status,
    queryFn: () => api.get<PsaStatus>('/psa/status'),
    staleTime: 60_000,
    retry: false,
  });
}

export interface PsaTicket {
  number: string;
  summary: string;
  company: string | null;
  contact: string | null;
  board: string | null;
  status: string | null;
  initial_description: string | null;
}

export function useTicketLookup() {
  return useMutation({
    mutationFn: (ticket: string) =>
      api.get<{ ticket: PsaTicket }>(`/psa/tickets/${encodeURIComponent(ticket)}`),
  });
}
