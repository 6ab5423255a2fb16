import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { BellIcon, InboxIcon } from '../../../components/ui/icons';
import { Table, Td, Th } from '../../../components/ui/Table';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { formatTimeAgo } from '../../../lib/timeAgo';
import {
  CHANNEL_KIND_LABELS,
  ChannelKindIcon,
  DELIVERY_STATUS_LABELS,
  DELIVERY_STATUS_TONES,
  eventLabel,
} from '../notificationLabels';
import { useRetryDelivery, type Delivery } from './api';

const muted = 'text-slate-600 dark:text-slate-400';

export function DeliveryTable({ deliveries }: { deliveries: Delivery[] }) {
  const retry = useRetryDelivery();
  const { notify } = useToast();

  const onRetry = (delivery: Delivery) =>
    retry.mutate(delivery.id, {
      onSuccess: () => notify('Delivery queued for another attempt.'),
      onError: (error) => notify(errorMessage(error, 'Could not retry the delivery.'), 'error'),
    });

  return (
    <Table caption="Deliveries, newest first">
      <thead>
        <tr>
          <Th>Created</Th>
          <Th>Event</Th>
          <Th>Channel</Th>
          <Th>Recipient</Th>
          <Th>Status</Th>
          <Th className="text-right">Attempts</Th>
          <Th>Last error</Th>
          <Th>Next attempt</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((delivery) => {
          const retrying = retry.isPending && retry.variables === delivery.id;
          return (
            <tr key={delivery.id}>
              <Td className={`whitespace-nowrap ${muted}`}>
                <Time iso={delivery.created_at} />
              </Td>
              <Td className="min-w-40">{eventLabel(delivery.event_type)}</Td>
              <Td className="min-w-36">
                <span className="flex items-center gap-2">
                  {delivery.channel === 'psa' ? (
                    <InboxIcon className="size-4 shrink-0 text-slate-500" />
                  ) : delivery.channel === 'push' ? (
                    <BellIcon className="size-4 shrink-0 text-slate-500" />
                  ) : (
                    <ChannelKindIcon kind={delivery.channel} className="size-4 shrink-0 text-slate-500" />
                  )}
                  <span>
                    <span className="block">{channelName(delivery)}</span>
                    <span className={`block text-xs ${muted}`}>
                      {delivery.channel === 'psa'
                        ? 'PSA ticket'
                        : delivery.channel === 'push'
                          ? 'Web push'
                          : CHANNEL_KIND_LABELS[delivery.channel]}
                    </span>
                  </span>
                </span>
              </Td>
              <Td className="max-w-64 min-w-44 font-mono text-xs break-words">{delivery.recipient}</Td>
              <Td>
                <Badge tone={DELIVERY_STATUS_TONES[delivery.status]}>
                  {DELIVERY_STATUS_LABELS[delivery.status] ?? delivery.status}
                </Badge>
              </Td>
              <Td className="text-right tabular-nums">{delivery.attempts}</Td>
              <Td className={`max-w-72 min-w-48 text-xs break-words ${muted}`}>
                {delivery.last_error ?? '—'}
              </Td>
              <Td className={`whitespace-nowrap ${muted}`}>
                {delivery.next_attempt_at ? <Time iso={delivery.next_attempt_at} relative /> : '—'}
              </Td>
              <Td className="text-right">
                {(delivery.status === 'failed' || delivery.status === 'dead') && (
                  <Button
                    size="sm"
                    loading={retrying}
                    disabled={retry.isPending && !retrying}
                    onClick={() => onRetry(delivery)}
                  >
                    Retry
                    <span className="sr-only">
                      {' '}
                      {eventLabel(delivery.event_type)} to {channelName(delivery)}
                    </span>
                  </Button>
                )}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

/**
 * Channel rows carry their channel's name. Without a channel id the message either went straight to a
 * person (an escalation-policy email, recipient is the address) or its channel has since been deleted.
 */
function channelName(delivery: Delivery): string {
  if (delivery.channel_name) return delivery.channel_name;
  if (!delivery.channel_id && delivery.recipient.includes('@')) return 'Direct to person';
  if (delivery.channel === 'push') return 'Member’s device';
  return 'Deleted channel';
}

function Time({ iso, relative = false }: { iso: string; relative?: boolean }) {
  return (
    <time dateTime={iso} title={relative ? formatDateTime(iso) : undefined}>
      {relative ? formatTimeAgo(iso) : formatDateTime(iso)}
    </time>
  );
}
