import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelKind, DeliveryStatus } from '../../../../../shared/notification-events';
import { api } from '../../../api/client';
import type { ListResponse } from '../../../api/types';

export interface Delivery {
  id: string;
  /** The channel kind, or `psa` for a note, status change or time entry on the PSA ticket. */
  channel: ChannelKind | 'psa';
  psa_action?: 'note' | 'status' | 'time_entry' | null;
  channel_id: string | null;
  channel_name: string | null;
  /** An email address or the channel's masked URL, exactly as the server gives it. */
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
  created_at: string;
  event_id: number;
  event_type: string;
  handoff_id: string | null;
}

export type DeliveryFilter = DeliveryStatus | 'all';

export const DELIVERY_LIMIT = 100;
/** Messages go out within seconds, so while some are pending the log refreshes itself. */
const PENDING_POLL_MS = 5_000;
const FAILED_POLL_MS = 30_000;

export const deliveryKeys = {
  all: ['deliveries'] as const,
  list: (filter: DeliveryFilter) => ['deliveries', filter] as const,
};

export function useDeliveries(filter: DeliveryFilter) {
  return useQuery({
    queryKey: deliveryKeys.list(filter),
    queryFn: () => {
      const params = new URLSearchParams({ limit: String(DELIVERY_LIMIT) });
      if (filter !== 'all') params.set('status', filter);
      return api.get<ListResponse<Delivery>>(`/deliveries?${params.toString()}`);
    },
    select: (response) => response.items,
    refetchInterval: (query) => {
      const items = query.state.data?.items ?? [];
      if (items.some((d) => d.status === 'pending')) return PENDING_POLL_MS;
      if (items.some((d) => d.status === 'failed')) return FAILED_POLL_MS;
      return false;
    },
  });
}

export function useRetryDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.post<{ delivery: Delivery }>(`/deliveries/${encodeURIComponent(id)}/retry`),
    onSuccess: ({ delivery }) => {
      // Show the new state at once (now pending), then refetch so filtered lists regroup.
      queryClient.setQueriesData<ListResponse<Delivery>>({ queryKey: deliveryKeys.all }, (list) =>
        list ? { items: list.items.map((d) => (d.id === delivery.id ? delivery : d)) } : list,
      );
      return queryClient.invalidateQueries({ queryKey: deliveryKeys.all });
    },
  });
}
