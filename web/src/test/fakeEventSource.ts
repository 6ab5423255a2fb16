import { act } from '@testing-library/react';

type Listener = (event: Event) => void;

/**
 * A stand-in for the browser's EventSource: records every instance so tests can push frames into the
 * current one (`emit`) or make it fail (`fail`), and check what was closed and which URL was opened.
 */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];

  static reset(): void {
    FakeEventSource.instances = [];
  }

  /** The most recently opened source. */
  static latest(): FakeEventSource {
    const source = FakeEventSource.instances[FakeEventSource.instances.length - 1];
    if (!source) throw new Error('No EventSource has been opened');
    return source;
  }

  readonly url: string;
  closed = false;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: Listener): void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  close(): void {
    this.closed = true;
  }

  /** Delivers one frame, as `event: type` / `id: id` / `data: JSON`. */
  emit(type: string, data: unknown = {}, id = ''): void {
    const event = { type, data: JSON.stringify(data), lastEventId: id } as unknown as Event;
    act(() => this.listeners.get(type)?.forEach((listener) => listener(event)));
  }

  fail(): void {
    const event = { type: 'error' } as Event;
    act(() => this.listeners.get('error')?.forEach((listener) => listener(event)));
  }
}
