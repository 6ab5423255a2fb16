import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { HANDOFF_EVENT_TYPES } from '../../../../../shared/live-events';
import { DELIVERY_STATUSES } from '../../../../../shared/notification-events';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { RefreshIcon } from '../../../components/ui/icons';
import { LoadError } from '../../../components/ui/LoadError';
import { Select } from '../../../components/ui/Select';
import { LoadingState } from '../../../components/ui/Spinner';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useLiveEvent } from '../../live/LiveContext';
import { AdminOnly } from '../AdminOnly';
import { DELIVERY_STATUS_LABELS } from '../notificationLabels';
import { deliveryKeys, useDeliveries, type DeliveryFilter } from './api';
import { DeliveryTable } from './DeliveryTable';

const FILTER_OPTIONS = [
  { value: 'all', label: 'All statuses' },
  ...DELIVERY_STATUSES.map((status) => ({ value: status, label: DELIVERY_STATUS_LABELS[status] })),
];

export function DeliveriesPage() {
  usePageTitle('Delivery log');
  return (
    <AdminOnly
      title="The delivery log is for admins"
      reason="Only admins and owners can see which email, chat and webhook messages were sent and retry the ones that failed."
    >
      <DeliveryLog />
    </AdminOnly>
  );
}

function DeliveryLog() {
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<DeliveryFilter>('all');
  const deliveries = useDeliveries(filter);

  // Every handoff event may queue messages: refresh so they show up without a manual reload.
  useLiveEvent(HANDOFF_EVENT_TYPES, () => void queryClient.invalidateQueries({ queryKey: deliveryKeys.all }));

  const count = deliveries.data?.length ?? 0;
  const summary = deliveries.isSuccess
    ? `${count === 0 ? 'No' : count} ${count === 1 ? 'delivery' : 'deliveries'}${
        filter === 'all' ? '' : ` with status ${DELIVERY_STATUS_LABELS[filter].toLowerCase()}`
      }.`
    : '';

  return (
    <Card
      title="Delivery log"
      description="Every email, chat and webhook message, newest first. Failed messages are retried automatically; dead ones have given up."
      flush
    >
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3 sm:px-5 dark:border-slate-800">
        <div className="w-full sm:w-56">
          <Select
            label="Status"
            options={FILTER_OPTIONS}
            value={filter}
            onChange={(e) => setFilter(e.target.value as DeliveryFilter)}
          />
        </div>
        <Button
          onClick={() => void deliveries.refetch()}
          loading={deliveries.isFetching && !deliveries.isPending}
          aria-label="Refresh delivery log"
        >
          {!(deliveries.isFetching && !deliveries.isPending) && <RefreshIcon className="size-4" />}
          Refresh
        </Button>
        <p role="status" className="text-sm text-slate-600 sm:ml-auto sm:self-center dark:text-slate-400">
          {summary}
        </p>
      </div>
      {deliveries.isPending && <LoadingState label="Loading deliveries…" />}
      {deliveries.isError && (
        <div className="p-4 sm:p-5">
          <LoadError
            what="the delivery log"
            error={deliveries.error}
            onRetry={() => void deliveries.refetch()}
          />
        </div>
      )}
      {deliveries.isSuccess && count === 0 && (
        <p className="px-4 py-6 text-sm text-slate-600 sm:px-5 dark:text-slate-400">
          {filter === 'all'
            ? 'Nothing has been sent yet. Messages appear here when escalations notify your channels.'
            : 'No deliveries with this status.'}
        </p>
      )}
      {deliveries.isSuccess && count > 0 && <DeliveryTable deliveries={deliveries.data} />}
    </Card>
  );
}
