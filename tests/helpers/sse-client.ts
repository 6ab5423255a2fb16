/** A minimal Server-Sent Events client over fetch, for tests: collects frames, waits for one. */
export type SseFrame = { id?: string; event: string; data: any; comment?: string };

export class SseClient {
  frames: SseFrame[] = [];
  status = 0;
  private controller = new AbortController();
  private waiters: { pred: (f: SseFrame) => boolean; resolve: (f: SseFrame) => void }[] = [];
  closed: Promise<void> = Promise.resolve();

  static async connect(url: string, headers: Record<string, string>) {
    const client = new SseClient();
    const res = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: client.controller.signal,
    });
    client.status = res.status;
    if (res.ok && res.body) client.closed = client.read(res.body);
    else await res.text();
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      /* aborted */
    }
  }

  private parse(block: string) {
    const frame: SseFrame = { event: 'message', data: undefined };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) frame.comment = line.slice(1).trim();
      else if (line.startsWith('id: ')) frame.id = line.slice(4);
      else if (line.startsWith('event: ')) frame.event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (frame.comment !== undefined && data.length === 0) frame.event = 'comment';
    frame.data = data.length ? JSON.parse(data.join('\n')) : undefined;
    this.frames.push(frame);
    this.waiters = this.waiters.filter((w) => (w.pred(frame) ? (w.resolve(frame), false) : true));
  }

  /** Resolves with the first frame (already received or future) matching `pred`. */
  waitFor(pred: (f: SseFrame) => boolean, timeoutMs = 5000): Promise<SseFrame> {
    const existing = this.frames.find(pred);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.event))}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({ pred, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  events(type: string) {
    return this.frames.filter((f) => f.event === type);
  }

  close() {
    this.controller.abort();
  }
}
