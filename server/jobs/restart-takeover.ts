import { asSystem } from '../db/tenant';
import type { Database } from '../db/types';
import { releaseAllDeliveryLeases } from '../modules/deliveries/delivery-lease.repo';
import { releaseAllAssessmentLeases } from '../modules/handoffs/handoffs.repo';
import { releaseAllImportLeases } from '../modules/knowledge/imports.repo';

export type TakenOver = { deliveries: number; assessments: number; imports: number };

/**
 * Frees, at start, the leased work a dead process left on the embedded database: outbox rows,
 * assessments, PSA history and file imports. Only one process can open an embedded data folder at a
 * time (`server/db/open.ts` locks it), so at start every lease found was taken by a process that is
 * gone — most often one killed in the middle of a burst — and nothing needs to wait for it to run
 * out. Must run before the workers start: after that, leases belong to this process.
 *
 * Never on PostgreSQL: there several live processes may share the database, and a lease may be a
 * live neighbour's. There the short, heartbeat-renewed leases (`lease-heartbeat.ts`) do the job.
 *
 * Policy firings and knowledge proposals hold no lease (a row lock that dies with the connection,
 * and a unique key), so there is nothing of theirs to free.
 */
export async function takeOverAfterRestart(db: Database): Promise<TakenOver> {
  if (db.kind !== 'pglite') throw new Error('takeOverAfterRestart is for the embedded database only');
  return asSystem(db, 'worker', async (q) => ({
    deliveries: await releaseAllDeliveryLeases(q),
    assessments: await releaseAllAssessmentLeases(q),
    imports: await releaseAllImportLeases(q),
  }));
}
