import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ListResponse } from '../../api/types';
import { knowledgeKeys } from './api';
import type { ApproveInput, ApproveResult, Proposal } from './types';

export function usePendingProposals(enabled = true) {
  return useQuery({
    queryKey: knowledgeKeys.proposals,
    queryFn: ({ signal }) =>
      api.get<ListResponse<Proposal>>('/knowledge/proposals?status=pending', { signal }),
    select: (response) => response.items,
    enabled,
  });
}

export function useApproveProposal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: ApproveInput }) =>
      api.post<ApproveResult>(`/knowledge/proposals/${encodeURIComponent(id)}/approve`, input),
    // An approved proposal is knowledge at once: it leaves the queue and joins the articles.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.all }),
  });
}

export function useDismissProposal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<unknown>(`/knowledge/proposals/${encodeURIComponent(id)}/dismiss`),
    onSuccess: (_result, id) => {
      queryClient.setQueryData<ListResponse<Proposal>>(knowledgeKeys.proposals, (list) =>
        list ? { items: list.items.filter((p) => p.id !== id) } : list,
      );
      return queryClient.invalidateQueries({ queryKey: knowledgeKeys.proposals });
    },
  });
}
