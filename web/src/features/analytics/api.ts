import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API_BASE, api, dataOf, type Schemas } from '../../api/client';
import type { Period } from './types';

export const analyticsKeys = {
  all: ['analytics'] as const,
  escalations: ['analytics', 'escalations'] as const,
  /** ['analytics', 'escalations', '30d'] is shared with the compact card on the escalation queue. */
  period: (period: Period) => ['analytics', 'escalations', period] as const,
  baselines: ['analytics', 'baselines'] as const,
};

export function useEscalationAnalytics(period: Period) {
  return useQuery({
    queryKey: analyticsKeys.period(period),
    queryFn: ({ signal }) =>
      dataOf(api.GET('/analytics/escalations', { params: { query: { period } }, signal })),
    // Switching periods keeps the previous numbers on screen (marked busy) instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });
}

/** Plain link target: the browser downloads it with the session cookie, no fetch needed. */
export function escalationsCsvUrl(period: Period): string {
  return `${API_BASE}/analytics/escalations.csv?period=${encodeURIComponent(period)}`;
}

export function useBaselines() {
  return useQuery({
    queryKey: analyticsKeys.baselines,
    queryFn: ({ signal }) => dataOf(api.GET('/baselines', { signal })),
  });
}

export function useRecordBaseline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Schemas['BaselineInput']) => dataOf(api.POST('/baselines', { body: input })),
    // The savings estimate is built on the account's baselines, so it goes stale too.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: analyticsKeys.all }),
  });
}

export function useDeleteBaseline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => dataOf(api.DELETE('/baselines/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: analyticsKeys.all }),
  });
}
