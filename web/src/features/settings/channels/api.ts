import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelEventKey, ChannelKind } from '../../../../../shared/notification-events';
import { api, ApiError } from '../../../api/client';
import type { ListResponse } from '../../../api/types';
import { fieldErrors } from '../../../lib/errors';

export interface Channel {
  id: string;
  kind: ChannelKind;
  name: string;
  /** Masked by the server (`https://hooks.slack.com/…/abcd`); the real target is write-only. */
  target: string;
  events: string[];
  enabled: boolean;
  has_secret: boolean;
  created_at: string;
  updated_at: string;
}

export interface CreateChannelInput {
  kind: ChannelKind;
  name: string;
  target: string;
  events: ChannelEventKey[];
  enabled: boolean;
}

export type UpdateChannelInput = Partial<Omit<CreateChannelInput, 'kind'>>;

/** `secret` only for webhook channels, and only in this one answer. */
export interface CreatedChannel {
  channel: Channel;
  secret?: string;
}

export interface ChannelTestResult {
  ok: boolean;
  error?: string;
}

export const channelKeys = { all: ['channels'] as const };

export function useChannels(enabled = true) {
  return useQuery({
    queryKey: channelKeys.all,
    queryFn: () => api.get<ListResponse<Channel>>('/channels'),
    select: (response) => response.items,
    enabled,
  });
}

export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateChannelInput) => api.post<CreatedChannel>('/channels', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

export function useUpdateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateChannelInput }) =>
      api.patch<{ channel: Channel }>(`/channels/${encodeURIComponent(id)}`, changes),
    onSuccess: ({ channel }) => {
      queryClient.setQueryData<ListResponse<Channel>>(channelKeys.all, (list) =>
        list ? { items: list.items.map((c) => (c.id === channel.id ? channel : c)) } : list,
      );
      return queryClient.invalidateQueries({ queryKey: channelKeys.all });
    },
  });
}

export function useDeleteChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/channels/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

export function useTestChannel() {
  return useMutation({
    mutationFn: (id: string) => api.post<ChannelTestResult>(`/channels/${encodeURIComponent(id)}/test`),
  });
}

/**
 * Field messages from a refused save. Schema failures name fields in `details[].path`; target checks
 * (bad address, URL guard refusal) answer `details: { field: 'target' }` with the reason as the message.
 */
export function channelFieldErrors(error: unknown): Record<string, string> {
  const result = fieldErrors(error);
  if (error instanceof ApiError && error.details && typeof error.details === 'object') {
    const field = (error.details as { field?: unknown }).field;
    if (typeof field === 'string' && !(field in result)) result[field] = error.message;
  }
  return result;
}
