import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLiveEvent } from '../live/LiveContext';
import { analyticsKeys } from './api';

/** Events that change the numbers: a new escalation, a claim, a re-escalation or a resolution. */
export const ANALYTICS_LIVE_EVENTS = [
  'handoff_created',
  'handoff_claimed',
  'handoff_escalated',
  'handoff_resolved',
] as const;

export const LIVE_REFRESH_DEBOUNCE_MS = 3_000;

/**
 * Refetches the escalation analytics after live handoff events. A burst (e.g. several claims in a
 * minute) triggers one refetch once things settle, not one aggregate query per event.
 */
export function useLiveAnalyticsRefresh(debounceMs = LIVE_REFRESH_DEBOUNCE_MS): void {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  useLiveEvent(ANALYTICS_LIVE_EVENTS, () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: analyticsKeys.escalations });
    }, debounceMs);
  });
}
