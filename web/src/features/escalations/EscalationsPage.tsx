import { useCallback, useEffect, useMemo, useState } from 'react';
import { EscalationIcon } from '../../components/ui/icons';
import { LoadError } from '../../components/ui/LoadError';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingState } from '../../components/ui/Spinner';
import { useNow } from '../../lib/useNow';
import { usePageTitle } from '../../lib/usePageTitle';
import { EscalationMetricCard } from '../analytics/EscalationMetricCard';
import { useSession } from '../auth/AuthContext';
import { useLiveStatus } from '../live/LiveContext';
import type { LiveStatus } from '../live/liveConnection';
import { useQueue } from './api';
import { QueueCard } from './QueueCard';
import { pruneSeen, useUnread } from './seen';
import type { QueueCardItem } from './types';
import { useHiddenArrivalsTitle } from './useHiddenArrivalsTitle';
import { useQueueLiveSync } from './useQueueLiveSync';

const LIVE_TEXT: Record<LiveStatus, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  idle: 'Live updates off',
  unsupported: 'Live updates unavailable',
};

/**
 * Cards that arrived live while the page is open go on top, newest first, in the order they came;
 * the rest keep the server's order (oldest first). Refetches never reshuffle what is on screen.
 */
function arrange(items: readonly QueueCardItem[], arrivals: readonly string[]): QueueCardItem[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const top = arrivals.map((id) => byId.get(id)).filter((item): item is QueueCardItem => Boolean(item));
  const arrived = new Set(arrivals);
  return [...top, ...items.filter((item) => !arrived.has(item.id))];
}

export function EscalationsPage() {
  usePageTitle('Escalations');
  const { user } = useSession();
  const queue = useQueue();
  const now = useNow();
  const liveStatus = useLiveStatus();
  const { isUnread, markSeen } = useUnread(user.id);
  const noteHiddenArrival = useHiddenArrivalsTitle();
  const [arrivals, setArrivals] = useState<string[]>([]);

  const onArrival = useCallback(
    (id: string) => {
      setArrivals((list) => [id, ...list.filter((other) => other !== id)]);
      noteHiddenArrival();
    },
    [noteHiddenArrival],
  );
  useQueueLiveSync(user.id, onArrival);

  useEffect(() => {
    if (queue.data) pruneSeen(user.id, new Set(queue.data.map((item) => item.id)));
  }, [queue.data, user.id]);

  const cards = useMemo(() => arrange(queue.data ?? [], arrivals), [queue.data, arrivals]);
  const fresh = useMemo(() => new Set(arrivals), [arrivals]);

  return (
    <>
      <PageHeader
        title="Escalations"
        description="Sessions handed up by the team, with what was tried and the assessment. Open one to claim it."
        actions={<LiveBadge status={liveStatus} />}
      />
      <div className="space-y-6">
        <EscalationMetricCard />
        {queue.isPending && <LoadingState label="Loading the escalation queue…" />}
        {queue.isError && (
          <LoadError what="the escalation queue" error={queue.error} onRetry={() => void queue.refetch()} />
        )}
        {queue.isSuccess && cards.length === 0 && <EmptyQueue />}
        {cards.length > 0 && (
          <>
            <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
              {cards.length} waiting for a senior engineer
            </p>
            <ol aria-label="Escalation queue" className="space-y-3">
              {cards.map((item) => (
                <li key={item.id}>
                  <QueueCard
                    item={item}
                    now={now}
                    meId={user.id}
                    unread={isUnread(item.id)}
                    fresh={fresh.has(item.id)}
                    onOpen={() => markSeen(item.id)}
                  />
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </>
  );
}

function LiveBadge({ status }: { status: LiveStatus }) {
  return (
    <span className="inline-flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
      <span
        aria-hidden="true"
        className={
          status === 'live'
            ? 'size-2 rounded-full bg-emerald-500'
            : status === 'reconnecting' || status === 'connecting'
              ? 'size-2 rounded-full bg-amber-500'
              : 'size-2 rounded-full bg-slate-400'
        }
      />
      {LIVE_TEXT[status]}
    </span>
  );
}

/** No heading on purpose: the page's only "Escalations" heading stays the h1. */
function EmptyQueue() {
  return (
    <div
      role="status"
      className="flex flex-col items-center rounded-lg border border-dashed border-slate-300 px-6 py-12 text-center dark:border-slate-700"
    >
      <div className="mb-3 rounded-full bg-slate-100 p-3 text-slate-500 dark:bg-slate-800 dark:text-slate-400">
        <EscalationIcon className="size-6" />
      </div>
      <p className="text-base font-semibold text-slate-900 dark:text-slate-50">No escalations waiting.</p>
      <p className="mt-1 max-w-prose text-sm text-slate-600 dark:text-slate-400">
        New ones appear here instantly, no reload needed, with what the tech already tried and an assessment
        of the likely cause. You will also get a notification.
      </p>
    </div>
  );
}
