import { createContext, useContext, useEffect, useRef } from 'react';
import type { LiveEventType } from '../../../../shared/live-events';
import type { LiveHandler, LiveMessage, LiveStatus, LiveSubscription } from './liveConnection';

export interface LiveContextValue {
  status: LiveStatus;
  /** `type` is a frame type (e.g. 'notification') or '*' for all. Returns the unsubscribe function. */
  subscribe: (type: LiveSubscription, handler: LiveHandler) => () => void;
}

export const LiveContext = createContext<LiveContextValue | null>(null);

/** Connection status; 'idle' outside a <LiveProvider> (e.g. a component rendered alone in a test). */
export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext)?.status ?? 'idle';
}

/**
 * Calls `handler` for every live frame of `type` ('*' = all, or a list of types), typed by that type.
 * The latest handler is always used, so callers need not memoise it. Does nothing outside a <LiveProvider>.
 */
export function useLiveEvent<T extends LiveEventType>(
  type: T | readonly T[] | '*',
  handler: (message: LiveMessage<T>) => void,
): void {
  const subscribe = useContext(LiveContext)?.subscribe;
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });
  const key = typeof type === 'string' ? type : type.join(' ');
  useEffect(() => {
    if (!subscribe) return;
    // Only frames of the subscribed types arrive here.
    const forward: LiveHandler = (message) => handlerRef.current(message as LiveMessage<T>);
    const unsubscribers = key.split(' ').map((t) => subscribe(t as LiveSubscription, forward));
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [subscribe, key]);
}
