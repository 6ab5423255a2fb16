import { useQueryClient } from '@tanstack/react-query';
import { useLiveEvent } from '../live/LiveContext';
import { HANDOFF_EVENT_TYPES } from '../live/liveConnection';
import { sessionKeys } from './api';

/**
 * Handoff events change a session's status (escalated, claimed, handed back): refetch that session and
 * the session lists. Only queries on screen refetch now; the rest are marked stale for their next use.
 */
export function useLiveSessionSync(): void {
  const queryClient = useQueryClient();
  useLiveEvent(HANDOFF_EVENT_TYPES, ({ data }) => {
    const sessionId = (data as { session_id?: unknown } | null)?.session_id;
    if (typeof sessionId === 'string') {
      void queryClient.invalidateQueries({ queryKey: sessionKeys.detail(sessionId) });
    }
    void queryClient.invalidateQueries({ queryKey: sessionKeys.lists });
  });
}
