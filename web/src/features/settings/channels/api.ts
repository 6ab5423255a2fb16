import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, dataOf, type Schemas } from '../../../api/client';
import { fieldErrors } from '../../../lib/errors';

/** `target` is masked by the server (`https://hooks.slack.com/…/abcd`); the real target is write-only. */
export type Channel = Schemas['Channel'];

/** The channel dialog always sends every field, though the server has defaults for some. */
export type CreateChannelInput = Required<Schemas['CreateChannel']>;

export type UpdateChannelInput = Schemas['PatchChannel'];

/** `secret` only for webhook channels, and only in this one answer. */
export type CreatedChannel = Schemas['CreatedChannel'];

export const channelKeys = { all: ['channels'] as const };

export function useChannels(enabled = true) {
  return useQuery({
    queryKey: channelKeys.all,
    queryFn: () => dataOf(api.GET('/channels')),
    select: (response) => response.items,
    enabled,
  });
}

export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateChannelInput) => dataOf(api.POST('/channels', { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

export function useUpdateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateChannelInput }) =>
      dataOf(api.PATCH('/channels/{id}', { params: { path: { id } }, body: changes })),
    onSuccess: ({ channel }) => {
      queryClient.setQueryData<{ items: Channel[] }>(channelKeys.all, (list) =>
        list ? { items: list.items.map((c) => (c.id === channel.id ? channel : c)) } : list,
      );
      return queryClient.invalidateQueries({ queryKey: channelKeys.all });
    },
  });
}

export function useDeleteChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => dataOf(api.DELETE('/channels/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

export function useTestChannel() {
  return useMutation({
    mutationFn: (id: string) => dataOf(api.POST('/channels/{id}/test', { params: { path: { id } } })),
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
