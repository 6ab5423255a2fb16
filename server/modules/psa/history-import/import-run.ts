import { withTenant } from '../../../db/tenant';
import type { Database, Queryable } from '../../../db/types';
import { existingExternalIds } from '../../knowledge/articles.repo';
import { saveArticle } from '../../knowledge/articles.service';
import { finishImport, recordProgress, type ImportFailure } from '../../knowledge/imports.repo';
import { PsaError, type ClosedTicketQuery, type PsaProvider } from '../provider';
import { findConnection } from '../psa.repo';
import { holdImport, type ClaimedImport, type HistoryCursor } from './history-import.repo';
import { withRetries, type RetryPolicy } from './psa-retry';
import { ticketArticle } from './ticket-article';

/** The run no longer owns the import (its lease ran out and another run took over, or it was finished). */
export class LeaseLost extends Error {}
/** The worker is shutting down: the import stays where its cursor is, for the next process. */
export class Stopping extends Error {}
/** The import cannot go on until an admin acts (the connection is gone); it ends failed with this message. */
export class ImportBlocked extends Error {}

export type RunDeps = {
  db: Database;
  accountId: string;
  job: ClaimedImport;
  provider: PsaProvider;
  pageSize: number;
  /** ConnectWise answers notes one ticket at a time: a few in flight at once. */
  notesConcurrency: number;
  leaseMs: number;
  retry: RetryPolicy;
  clock: () => Date;
  /** Waits, but returns early when the worker stops (the next call then throws Stopping). */
  sleep: (ms: number) => Promise<void>;
  /** Throws LeaseLost or Stopping when the run must end now. */
  checkActive: () => void;
};

/**
 * Imports one account's closed tickets page by page from the cursor on. Each page is fetched (with
 * its notes) outside any transaction, then its articles, counters and the next cursor are committed
 * together: a process killed mid-page leaves no half page behind, and the next run redoes exactly
 * that page. A PSA that keeps failing ends the import as failed with the PSA's reason.
 */
export async function runImport(d: RunDeps): Promise<void> {
  const { db, accountId, job } = d;
  const cursor: HistoryCursor = { ...job.cursor };
  // Tickets closed after the import began wait for the next import: the count stays the total.
  const query = (): ClosedTicketQuery => ({
    closedAfter: job.since,
    closedUntil: job.created_at,
    afterId: cursor.after_id,
    pageSize: d.pageSize,
  });
  // Checked before every attempt: a shutdown during a Retry-After wait must not burn the retries.
  const call = async <T>(fn: () => Promise<T>) => {
    const result = await withRetries(
      () => {
        d.checkActive();
        return fn();
      },
      d.retry,
      d.sleep,
    );
    d.checkActive();
    return result;
  };
  const commit = <T>(fn: (tx: Queryable) => Promise<T>) =>
    withTenant(db, accountId, async (tx) => {
      if (!(await holdImport(tx, accountId, job.id, cursor.owner))) throw new LeaseLost();
      return fn(tx);
    });
  /** A page is only stored while the connection it was read with is still wanted. */
  const commitPage = <T>(fn: (tx: Queryable) => Promise<T>) =>
    commit(async (tx) => {
      if (!(await findConnection(tx, accountId))?.enabled)
        throw new ImportBlocked('The PSA connection was removed or switched off before the import finished');
      return fn(tx);
    });
  const leaseUntil = () => new Date(d.clock().getTime() + d.leaseMs);

  try {
    if (!cursor.counted) {
      const total = await call(() => d.provider.countClosedTickets(query()));
      cursor.counted = true;
      await commit((tx) =>
        recordProgress(tx, accountId, job.id, { total, cursor, leaseUntil: leaseUntil() }, d.clock()),
      );
    }
    for (;;) {
      const tickets = await call(() => d.provider.listClosedTickets(query()));
      if (!tickets.length) {
        await commit((tx) => finishImport(tx, accountId, job.id, { status: 'done' }, d.clock()));
        return;
      }
      // Tickets the account already holds are not read again (a second import takes only new ones).
      const known = await withTenant(db, accountId, (tx) =>
        existingExternalIds(
          tx,
          accountId,
          tickets.map((t) => String(t.id)),
        ),
      );
      const fresh = tickets.filter((t) => !known.has(String(t.id)));
      const notes = await mapLimited(fresh, d.notesConcurrency, (t) =>
        call(() => d.provider.ticketNotes(t.id)).catch((err: unknown) => {
          // Deleted between the list and its notes: recorded, and the import goes on.
          if (err instanceof PsaError && err.failure === 'not_found') return null;
          throw err;
        }),
      );
      const next: HistoryCursor = { ...cursor, after_id: tickets.at(-1)!.id };
      await commitPage(async (tx) => {
        let imported = 0;
        const failures: ImportFailure[] = [];
        for (const [i, ticket] of fresh.entries()) {
          const ticketNotes = notes[i];
          if (!ticketNotes) {
            failures.push({
              file: `PSA ticket #${ticket.id}`,
              reason: 'The ticket was gone when its notes were read',
            });
            continue;
          }
          const article = ticketArticle(ticket, ticketNotes);
          const id = await saveArticle(
            tx,
            accountId,
            { ...article, kind: 'psa_ticket', externalId: String(ticket.id) },
            { origin: 'psa_ticket', ticketNumber: String(ticket.id) },
            job.created_by,
            d.clock(),
          );
          if (id) imported++;
        }
        const progress = {
          done: tickets.length,
          imported,
          skipped: tickets.length - imported - failures.length,
          failures,
          cursor: next,
          leaseUntil: leaseUntil(),
        };
        await recordProgress(tx, accountId, job.id, progress, d.clock());
      });
      cursor.after_id = next.after_id;
    }
  } catch (err) {
    if (!(err instanceof PsaError) && !(err instanceof ImportBlocked)) throw err;
    await commit((tx) =>
      finishImport(tx, accountId, job.id, { status: 'failed', error: err.message }, d.clock()),
    );
  }
}

/** `fn` over the items with at most `limit` at a time; after a failure no further item is started. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
