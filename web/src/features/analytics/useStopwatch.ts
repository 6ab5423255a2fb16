import { useCallback, useEffect, useRef, useState } from 'react';

export type StopwatchStatus = 'idle' | 'running' | 'stopped';

export interface StopwatchOptions {
  /** Injected in tests; the wall clock by default (fake timers replace it too). */
  now?: () => number;
  /** How often the display refreshes while running. The measurement itself comes from `now`. */
  tickMs?: number;
}

export interface Stopwatch {
  status: StopwatchStatus;
  /** Milliseconds measured so far (live while running, frozen once stopped). */
  elapsedMs: number;
  start: () => void;
  /** Freezes the timing and returns it in milliseconds (0 if it was not running). */
  stop: () => number;
  reset: () => void;
}

/**
 * A start/stop timer. Elapsed time is always `now() - startedAt`, so a throttled background tab or a
 * slow interval never loses time; the interval only repaints the display.
 */
// Looked up on every call, so a replaced Date (fake timers) is honoured.
const systemNow = () => Date.now();

export function useStopwatch({ now = systemNow, tickMs = 250 }: StopwatchOptions = {}): Stopwatch {
  const [status, setStatus] = useState<StopwatchStatus>('idle');
  const [elapsedMs, setElapsedMs] = useState(0);
  const startedAt = useRef<number | null>(null);
  const nowRef = useRef(now);
  useEffect(() => {
    nowRef.current = now;
  });

  useEffect(() => {
    if (status !== 'running') return;
    const timer = setInterval(() => {
      if (startedAt.current !== null) setElapsedMs(nowRef.current() - startedAt.current);
    }, tickMs);
    return () => clearInterval(timer);
  }, [status, tickMs]);

  const start = useCallback(() => {
    startedAt.current = nowRef.current();
    setElapsedMs(0);
    setStatus('running');
  }, []);

  const stop = useCallback(() => {
    if (startedAt.current === null) return 0;
    const final = Math.max(0, nowRef.current() - startedAt.current);
    startedAt.current = null;
    setElapsedMs(final);
    setStatus('stopped');
    return final;
  }, []);

  const reset = useCallback(() => {
    startedAt.current = null;
    setElapsedMs(0);
    setStatus('idle');
  }, []);

  return { status, elapsedMs, start, stop, reset };
}

/**
 * True when Space on `target` already means something: typing in a field, or activating a button,
 * checkbox or select. The page-level Space shortcut stays out of the way there.
 */
export function spaceIsTaken(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return Boolean(
    target.closest(
      'input, textarea, select, button, summary, [role="button"], [role="checkbox"], [role="tab"], [role="dialog"]',
    ),
  );
}

/** Space anywhere else on the page calls `onToggle` (without scrolling the page). */
export function useSpaceToggle(onToggle: () => void, enabled = true): void {
  const handler = useRef(onToggle);
  useEffect(() => {
    handler.current = onToggle;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== ' ' || event.repeat || event.defaultPrevented) return;
      if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
      if (spaceIsTaken(event.target)) return;
      event.preventDefault();
      handler.current();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
