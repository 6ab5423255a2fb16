import { useQueryClient } from '@tanstack/react-query';
import { HANDOFF_EVENT_TYPES } from '../../../../shared/live-events';
import { useLiveEvent } from '../live/LiveContext';
import { sessionKeys } from './api';

/**
 * Handoff events change a session's status (escalated, claimed, handed back): refetch that session and
 * the session lists. Only queries on screen refetch now; the rest are marked stale for their next use.
 */
export function useLiveSessionSync(): void {
  const queryClient = useQueryClient();
  useLiveEvent(HANDOFF_EVENT_TYPES, ({ data }) => {
    void queryClient.invalidateQueries({ queryKey: sessionKeys.detail(data.session_id) });
    void queryClient.invalidateQueries({ queryKey: sessionKeys.lists });
  });
}
