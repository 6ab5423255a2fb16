import type { Logger } from '../lib/logger';
import { outsideRequestScope } from '../lib/request-scope';

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
    // A kick may come from a request (e.g. a new escalation), but the run serves every pending item
    // and the timers it sets outlive the request: its log lines must not carry that request's id.
    outsideRequestScope(() => {
      this.running = this.drain()
        .catch((err: Error) => this.logger.error(`${this.name} failed`, { error: err.message }))
        .finally(() => {
          this.running = null;
          if (this.again) {
            this.again = false;
            this.kick();
          }
        });
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
