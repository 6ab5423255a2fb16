import { openSseStream, type SseReader } from '../lib/sse-reader';
import type { BrowserCredentials } from '../lib/population';

/**
 * One senior's live connection (`GET /api/v1/stream`, cookie-authenticated like the web app's):
 * records every `handoff_created` frame once per handoff (repeats counted apart) and wakes its
 * virtual user when one arrives.
 */
export class SeniorStream {
  readonly arrivals = new Map<string, number>();
  duplicates = 0;
  /** Why the stream ended while the test still needed it (null while it is open or closed by us). */
  lostReason: string | null = null;
  private reader: SseReader;
  private waiters: (() => void)[] = [];
  private closing = false;

  constructor(
    base: string,
    credentials: BrowserCredentials,
    readonly accountId: string,
  ) {
    this.reader = openSseStream(`${base}/api/v1/stream`, { cookie: credentials.cookie }, (frame, at) => {
      if (frame.event !== 'handoff_created') return;
      const id = /"handoff_id":"([^"]+)"/.exec(frame.data)?.[1];
      if (!id) return;
      if (this.arrivals.has(id)) this.duplicates++;
      else this.arrivals.set(id, at);
      this.wake();
    });
    void this.reader.ended.then((reason) => {
      if (!this.closing) this.lostReason = reason;
      this.wake();
    });
  }

  get ready() {
    return this.reader.ready;
  }

  /** Resolves at the next handoff_created frame, or after `timeoutMs` (the user looks anyway). */
  next(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const waiters = this.waiters;
      function done() {
        clearTimeout(timer);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      }
      waiters.push(done);
    });
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  close() {
    this.closing = true;
    this.reader.close();
    this.wake();
  }
}
