import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeliveryStatus } from '../../../../../shared/notification-events';
import { api, dataOf, type Schemas } from '../../../api/client';

/**
 * One outgoing message: `channel` is the channel kind, or `psa` for a note, status change or time
 * entry on the PSA ticket; `recipient` an email address or the channel's masked URL.
 */
export type Delivery = Schemas['DeliveryLogItem'];

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
    queryFn: () =>
      dataOf(
        api.GET('/deliveries', {
          params: { query: { limit: DELIVERY_LIMIT, status: filter === 'all' ? undefined : filter } },
        }),
      ),
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
    mutationFn: (id: string) => dataOf(api.POST('/deliveries/{id}/retry', { params: { path: { id } } })),
    onSuccess: ({ delivery }) => {
      // Show the new state at once (now pending), then refetch so filtered lists regroup.
      queryClient.setQueriesData<{ items: Delivery[] }>({ queryKey: deliveryKeys.all }, (list) =>
        list ? { items: list.items.map((d) => (d.id === delivery.id ? delivery : d)) } : list,
      );
      return queryClient.invalidateQueries({ queryKey: deliveryKeys.all });
    },
  });
}
