import { useQueryClient } from '@tanstack/react-query';
import { HANDOFF_EVENT_TYPES } from '../../../../shared/live-events';
import { useLiveEvent } from '../live/LiveContext';
import { handoffKeys, patchQueueItem, removeFromQueue } from './api';
import { markSeen } from './seen';

/**
 * Keeps the cached queue in step with the live stream: arrivals and released handoffs refetch it,
 * claimed and resolved ones leave at once, policy levels and assessment status are patched in place.
 * (After a reconnect the live provider invalidates every query, so the queue refetches then too.)
 */
export function useQueueLiveSync(meId: string, onArrival?: (handoffId: string) => void): void {
  const queryClient = useQueryClient();
  const refetch = () => void queryClient.invalidateQueries({ queryKey: handoffKeys.queue });

  useLiveEvent(HANDOFF_EVENT_TYPES, (message) => {
    switch (message.type) {
      case 'handoff_created':
        // One's own escalations never appear in one's own queue.
        if (message.data.handed_off_by.id === meId) return;
        refetch();
        onArrival?.(message.data.handoff_id);
        return;
      case 'handoff_claimed':
        removeFromQueue(queryClient, message.data.handoff_id);
        if (message.data.claimed_by.id === meId) markSeen(meId, message.data.handoff_id);
        return;
      case 'handoff_resolved':
        removeFromQueue(queryClient, message.data.handoff_id);
        return;
      case 'handoff_escalated': {
        const { handoff_id, policy_level } = message.data;
        if (!patchQueueItem(queryClient, handoff_id, { policy_level })) refetch();
        return;
      }
      case 'handoff_assessment_ready':
        patchQueueItem(queryClient, message.data.handoff_id, {
          assessment_status: message.data.assessment_status,
        });
        return;
      case 'handoff_released':
        // The card comes back with fresh details.
        refetch();
    }
  });
}
