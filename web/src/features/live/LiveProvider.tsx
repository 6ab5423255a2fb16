import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { API_BASE } from '../../api/client';
import { LiveContext, type LiveContextValue } from './LiveContext';
import { LiveConnection, type EventSourceConstructor, type LiveStatus } from './liveConnection';

export const STREAM_URL = `${API_BASE}/stream`;

interface LiveProviderProps {
  children: ReactNode;
  /** False for viewers: the server refuses them a stream (403), so do not even try. */
  enabled?: boolean;
  /** Injected in tests; defaults to the browser's EventSource (absent = no live updates). */
  EventSourceImpl?: EventSourceConstructor;
  url?: string;
}

/** The browser's EventSource (globalThis is window in a browser); undefined where there is none. */
function defaultEventSource(): EventSourceConstructor | undefined {
  const Source = (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
  return typeof Source === 'function' ? Source : undefined;
}

/**
 * The app-wide live connection. Features subscribe with `useLiveEvent`; whenever the stream may have
 * missed something (a reconnect, or the server says `resync`) every react-query cache is invalidated so
 * visible lists refetch.
 */
export function LiveProvider({
  children,
  enabled = true,
  EventSourceImpl,
  url = STREAM_URL,
}: LiveProviderProps) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('idle');
  // Created once: subscriptions registered by children (whose effects run first) must survive start/stop.
  const [connection] = useState(
    () => new LiveConnection({ url, EventSource: EventSourceImpl ?? defaultEventSource() }),
  );

  useEffect(() => {
    if (!enabled) return;
    connection.setCallbacks({
      onStatus: setStatus,
      onResync: () => void queryClient.invalidateQueries(),
    });
    connection.start();
    return () => connection.stop();
  }, [connection, enabled, queryClient]);

  const value = useMemo<LiveContextValue>(
    () => ({
      status: enabled ? status : 'idle',
      subscribe: (type, handler) => connection.subscribe(type, handler),
    }),
    [connection, enabled, status],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
