import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { spaceIsTaken, useStopwatch } from './useStopwatch';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('useStopwatch', () => {
  it('measures with the injected clock and repaints on its interval', () => {
    let clock = 1_000;
    const { result } = renderHook(() => useStopwatch({ now: () => clock, tickMs: 500 }));
    expect(result.current.status).toBe('idle');

    act(() => result.current.start());
    clock += 1_200;
    act(() => vi.advanceTimersByTime(500));
    expect(result.current.elapsedMs).toBe(1_200);

    clock += 40_000; // e.g. a throttled background tab: the measurement still comes from the clock
    let final = 0;
    act(() => {
      final = result.current.stop();
    });
    expect(final).toBe(41_200);
    expect(result.current).toMatchObject({ status: 'stopped', elapsedMs: 41_200 });

    clock += 5_000;
    act(() => vi.advanceTimersByTime(5_000));
    expect(result.current.elapsedMs).toBe(41_200); // frozen once stopped

    act(() => result.current.reset());
    expect(result.current).toMatchObject({ status: 'idle', elapsedMs: 0 });
  });

  it('stop without start measures nothing', () => {
    const { result } = renderHook(() => useStopwatch({ now: () => 0 }));
    let final = -1;
    act(() => {
      final = result.current.stop();
    });
    expect(final).toBe(0);
    expect(result.current.status).toBe('idle');
  });
});

describe('spaceIsTaken', () => {
  it('leaves Space to fields and buttons only', () => {
    const input = document.createElement('input');
    const button = document.createElement('button');
    const div = document.createElement('div');
    expect(spaceIsTaken(input)).toBe(true);
    expect(spaceIsTaken(button)).toBe(true);
    expect(spaceIsTaken(div)).toBe(false);
    expect(spaceIsTaken(document.body)).toBe(false);
    expect(spaceIsTaken(null)).toBe(false);
  });
});
