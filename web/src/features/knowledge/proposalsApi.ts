import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf, type Schemas } from '../../api/client';
import { knowledgeKeys } from './api';
import type { ApproveInput, ApproveResult, Proposal } from './types';

export function usePendingProposals(enabled = true) {
  return useQuery({
    queryKey: knowledgeKeys.proposals,
    queryFn: ({ signal }) =>
      dataOf(api.GET('/knowledge/proposals', { params: { query: { status: 'pending' } }, signal })),
    // Runbook drafts are any JSON object on the wire; the page reads them as RunbookDraft.
    select: (response) => response.items as Proposal[],
    enabled,
  });
}

export function useApproveProposal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, input }: { id: string; input: ApproveInput }) =>
      (await dataOf(
        api.POST('/knowledge/proposals/{id}/approve', { params: { path: { id } }, body: input }),
      )) as ApproveResult,
    // An approved proposal is knowledge at once: it leaves the queue and joins the articles.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.all }),
  });
}

export function useDismissProposal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      dataOf(api.POST('/knowledge/proposals/{id}/dismiss', { params: { path: { id } } })),
    onSuccess: (_result, id) => {
      queryClient.setQueryData<{ items: Schemas['KnowledgeProposal'][] }>(knowledgeKeys.proposals, (list) =>
        list ? { items: list.items.filter((p) => p.id !== id) } : list,
      );
      return queryClient.invalidateQueries({ queryKey: knowledgeKeys.proposals });
    },
  });
}
