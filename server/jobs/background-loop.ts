import type { Logger } from '../lib/logger';

/**
 * The run loop the background workers share: a poll timer as the safety net, `kick()` to run the
 * worker's drain now (or once more right after, when a run is already going — a kick is never
 * lost), `idle()` for tests and shutdown, and `stop()`.
 */
export class BackgroundLoop {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stoppedFlag = false;

  constructor(
    private readonly name: string,
    private readonly drain: () => Promise<void>,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  get stopped() {
    return this.stoppedFlag;
  }

  start() {
    this.timer = setInterval(this.kick, this.pollMs);
    this.timer.unref();
    this.kick();
  }

  kick = () => {
    if (this.stoppedFlag) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: Error) => this.logger.error(`${this.name} failed`, { error: err.message }))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  };

  /** Resolves once no run is going. */
  async idle() {
    while (this.running) await this.running;
  }

  async stop() {
    this.stoppedFlag = true;
    clearInterval(this.timer);
    await this.idle();
  }
}
