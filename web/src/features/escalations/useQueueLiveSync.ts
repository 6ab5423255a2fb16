import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvent } from '../live/LiveContext';
import { handoffKeys, patchQueueItem, removeFromQueue } from './api';
import { markSeen } from './seen';
import type { HandoffFrame } from './types';

const QUEUE_EVENTS = [
  'handoff_created',
  'handoff_claimed',
  'handoff_released',
  'handoff_resolved',
  'handoff_escalated',
  'handoff_assessment_ready',
] as const;

/**
 * Keeps the cached queue in step with the live stream: arrivals and released handoffs refetch it,
 * claimed and resolved ones leave at once, policy levels and assessment status are patched in place.
 * (After a reconnect the live provider invalidates every query, so the queue refetches then too.)
 */
export function useQueueLiveSync(meId: string, onArrival?: (handoffId: string) => void): void {
  const queryClient = useQueryClient();
  const refetch = () => void queryClient.invalidateQueries({ queryKey: handoffKeys.queue });

  useLiveEvent(QUEUE_EVENTS, ({ type, data }) => {
    const frame = (data ?? {}) as HandoffFrame;
    const id = typeof frame.handoff_id === 'string' ? frame.handoff_id : null;
    switch (type) {
      case 'handoff_created':
        // One's own escalations never appear in one's own queue.
        if (frame.handed_off_by?.id === meId) return;
        refetch();
        if (id) onArrival?.(id);
        return;
      case 'handoff_claimed':
      case 'handoff_resolved':
        if (!id) return refetch();
        removeFromQueue(queryClient, id);
        if (frame.claimed_by?.id === meId) markSeen(meId, id);
        return;
      case 'handoff_escalated':
        if (!id || typeof frame.policy_level !== 'number') return refetch();
        if (!patchQueueItem(queryClient, id, { policy_level: frame.policy_level })) refetch();
        return;
      case 'handoff_assessment_ready':
        if (!id || !frame.assessment_status) return refetch();
        patchQueueItem(queryClient, id, { assessment_status: frame.assessment_status });
        return;
      default:
        // handoff_released: the card comes back with fresh details.
        refetch();
    }
  });
}
