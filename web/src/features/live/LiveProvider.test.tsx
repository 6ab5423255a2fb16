import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from '../../test/fakeEventSource';
import { useLiveEvent, useLiveStatus } from './LiveContext';
import type { LiveMessage, LiveSubscription } from './liveConnection';
import { LiveProvider } from './LiveProvider';

function Probe({ onMessage, type = '*' }: { onMessage: (m: LiveMessage) => void; type?: LiveSubscription }) {
  useLiveEvent(type, onMessage);
  return <p data-testid="status">{useLiveStatus()}</p>;
}

function setup({ enabled = true, type = '*' as LiveSubscription } = {}) {
  const queryClient = new QueryClient();
  const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
  const messages: LiveMessage[] = [];
  const utils = render(
    <QueryClientProvider client={queryClient}>
      <LiveProvider enabled={enabled} EventSourceImpl={FakeEventSource}>
        <Probe type={type} onMessage={(m) => messages.push(m)} />
      </LiveProvider>
    </QueryClientProvider>,
  );
  const status = () => screen.getByTestId('status').textContent;
  return { ...utils, invalidate, messages, status };
}

const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms));

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.reset();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('LiveProvider', () => {
  it('opens one stream, goes live on ready and hands parsed frames to subscribers', () => {
    const { status, messages, invalidate } = setup();
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.latest().url).toBe('/api/v1/stream');
    expect(status()).toBe('connecting');

    FakeEventSource.latest().emit('ready', { user_id: 'u1', last_event_id: 0 });
    expect(status()).toBe('live');
    FakeEventSource.latest().emit('handoff_claimed', { handoff_id: 'h1', session_id: 's1' }, '12');

    expect(messages.map((m) => m.type)).toEqual(['ready', 'handoff_claimed']);
    expect(messages[1]).toEqual({
      type: 'handoff_claimed',
      id: '12',
      data: { handoff_id: 'h1', session_id: 's1' },
    });
    expect(invalidate).not.toHaveBeenCalled();
  });

  it('reconnects with exponential backoff from 1 s to 30 s, resuming after the last seen id', () => {
    const { status, invalidate } = setup();
    const first = FakeEventSource.latest();
    first.emit('ready', { user_id: 'u1', last_event_id: 40 });
    first.emit('notification', { event: 'handoff_created', title: 'x' }, '41');

    first.fail();
    expect(first.closed).toBe(true);
    expect(status()).toBe('reconnecting');

    const expectedDelays = [1000, 2000, 4000, 8000, 16000, 30000, 30000];
    for (const delay of expectedDelays) {
      const before = FakeEventSource.instances.length;
      advance(delay - 1);
      expect(FakeEventSource.instances).toHaveLength(before);
      advance(1);
      expect(FakeEventSource.instances).toHaveLength(before + 1);
      expect(FakeEventSource.latest().url).toBe('/api/v1/stream?last_event_id=41');
      expect(status()).toBe('reconnecting');
      FakeEventSource.latest().fail();
      expect(FakeEventSource.latest().closed).toBe(true);
    }

    advance(30000);
    const recovered = FakeEventSource.latest();
    expect(recovered.closed).toBe(false);
    recovered.emit('ready', { user_id: 'u1', last_event_id: 55 });
    expect(status()).toBe('live');
    // Whatever happened while offline may be missing from the caches: every query is refetched.
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(invalidate).toHaveBeenCalledWith();

    // Once live again the backoff starts over at 1 s.
    const count = FakeEventSource.instances.length;
    recovered.fail();
    advance(1000);
    expect(FakeEventSource.instances).toHaveLength(count + 1);
  });

  it('invalidates caches on resync and reconnects when the server says reconnect', () => {
    const { invalidate, status } = setup();
    const source = FakeEventSource.latest();
    source.emit('ready', { user_id: 'u1', last_event_id: 7 });
    source.emit('resync', { reason: 'too many missed events; refetch' });
    expect(invalidate).toHaveBeenCalledTimes(1);

    source.emit('reconnect', {});
    expect(source.closed).toBe(true);
    expect(status()).toBe('reconnecting');
    advance(1000);
    expect(FakeEventSource.instances).toHaveLength(2);
    // No event id seen yet, so the new stream resumes from the id `ready` reported.
    expect(FakeEventSource.latest().url).toBe('/api/v1/stream?last_event_id=7');
  });

  it('only delivers the subscribed type and ignores frames from a closed source', () => {
    const { messages } = setup({ type: 'notification' });
    const first = FakeEventSource.latest();
    first.emit('ready', { user_id: 'u1', last_event_id: 0 });
    first.emit('handoff_created', { handoff_id: 'h1' }, '1');
    first.emit('notification', { title: 'Hello' }, '2');
    first.fail();
    first.emit('notification', { title: 'Stale' }, '3');
    expect(messages.map((m) => (m.data as { title: string }).title)).toEqual(['Hello']);
  });

  it('does not connect when disabled (viewers) and closes the stream on unmount', () => {
    const disabled = setup({ enabled: false });
    expect(FakeEventSource.instances).toHaveLength(0);
    expect(disabled.status()).toBe('idle');
    disabled.unmount();

    const enabled = setup();
    const source = FakeEventSource.latest();
    enabled.unmount();
    expect(source.closed).toBe(true);
    advance(60000);
    expect(FakeEventSource.instances).toHaveLength(1);
  });
});
