import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf, type Schemas } from '../../../api/client';

/** The saved Slack app: the signing secret and bot token are write-only (the token comes back as "…abcd"). */
export type SlackApp = Schemas['SlackApp'];
export type SaveSlackAppInput = Schemas['SaveSlackApp'];

const slackKey = ['integrations', 'slack'] as const;

export function useSlackApp() {
  return useQuery({
    queryKey: slackKey,
    queryFn: () => dataOf(api.GET('/integrations/slack')),
    select: (response) => response.slack,
  });
}

export function useSaveSlackApp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveSlackAppInput) => dataOf(api.PUT('/integrations/slack', { body: input })),
    onSuccess: (saved) => queryClient.setQueryData(slackKey, saved),
  });
}

export function useDeleteSlackApp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dataOf(api.DELETE('/integrations/slack')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slackKey }),
  });
}
