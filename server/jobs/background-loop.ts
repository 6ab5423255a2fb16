import type { Logger } from '../lib/logger';
import { outsideRequestScope } from '../lib/request-scope';

/**
 * The run loop the background workers share: a poll timer as the safety net, `kick()` to run the
 * worker's drain on the next turn of the loop (or once more right after, when a run is already
 * going — a kick is never lost), `idle()` for tests and shutdown, and `stop()`.
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
    // The run starts on the next turn of the loop, not inside the kicking request: that request's
    // answer and the live frames of what it committed go out first (on the embedded database the
    // run's queries are in-process work that would otherwise hold both back).
    outsideRequestScope(() => {
      this.running = new Promise<void>((started) => setImmediate(started))
        .then(() => (this.stoppedFlag ? undefined : this.drain()))
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
