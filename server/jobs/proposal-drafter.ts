import type { Database } from '../db/types';
import type { Logger } from '../lib/logger';
import { draftProposal, sessionsAwaitingProposal } from '../modules/knowledge/proposals.service';
import { BackgroundLoop } from './background-loop';

/** How often the safety-net scan looks for resolved sessions left without a proposal. */
const SCAN_MS = 5 * 60_000;
const BATCH = 25;

/**
 * The loop that drafts knowledge proposals from resolved sessions (SPEC §14; the drafting is in
 * `modules/knowledge`), outside the resolve's transaction. A resolve hands its session over
 * (`sessionResolved`) and the draft is written right after; the durable truth is the data itself (a
 * qualifying resolved session without a proposal row), so a scan at start and every few minutes
 * drafts whatever a crash or another process left behind. The unique (account, session) key makes
 * two processes drafting the same session harmless.
 */
export class ProposalDrafter {
  private readonly loop: BackgroundLoop;
  private readonly queue = new Map<string, string>();
  private lastScan = 0;
  private scanRequested = false;
  /** Sessions whose drafting threw in this process: not retried until restart, so a bad one cannot spin. */
  private readonly failed = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.loop = new BackgroundLoop('proposal drafter', () => this.drain(), logger, SCAN_MS);
  }

  start = () => {
    this.scanRequested = true;
    this.loop.start();
  };
  stop = () => this.loop.stop();
  /** Resolves once nothing is being drafted (tests, shutdown). */
  idle = () => this.loop.idle();

  /** Called after a resolve commits: drafts that session now, without scanning everything. */
  sessionResolved = (accountId: string, sessionId: string) => {
    this.queue.set(sessionId, accountId);
    this.loop.kick();
  };

  /** A full scan and drafting pass, awaited (tests; the poll does the same on its own). */
  async runOnce() {
    await this.idle();
    this.scanRequested = true;
    this.loop.kick();
    await this.idle();
  }

  private async drain() {
    for (const [sessionId, accountId] of this.queue) {
      this.queue.delete(sessionId);
      if (this.loop.stopped) return;
      await this.draft(accountId, sessionId);
    }
    // The timer's kicks come every SCAN_MS; kicks from resolves in between do not rescan.
    if (!this.scanRequested && Date.now() - this.lastScan < SCAN_MS * 0.9) return;
    this.scanRequested = false;
    this.lastScan = Date.now();
    // Each session is tried once per scan, whatever its outcome, so a scan always ends.
    const tried = new Set(this.failed);
    for (;;) {
      const due = await sessionsAwaitingProposal(this.db, this.clock(), [...tried], BATCH);
      for (const s of due) {
        if (this.loop.stopped) return;
        tried.add(s.id);
        await this.draft(s.account_id, s.id);
      }
      if (due.length < BATCH) return;
    }
  }

  private async draft(accountId: string, sessionId: string) {
    try {
      const id = await draftProposal(this.db, accountId, sessionId, this.clock());
      if (id) this.logger.info('knowledge proposal drafted', { proposal_id: id, session_id: sessionId });
    } catch (err) {
      this.failed.add(sessionId);
      this.logger.error('drafting a knowledge proposal failed', {
        session_id: sessionId,
        error: (err as Error).message,
      });
    }
  }
}
