/**
 * A delivery worker in a process of its own, for the crash test: it serves DATABASE_URL (PostgreSQL;
 * the embedded database cannot be shared between processes) and mails SMTP_URL until it is killed.
 * One send at a time, so when the SMTP server sees message N, messages before it are recorded.
 */
import { loadConfig } from '../../server/config';
import { openPostgres } from '../../server/db/postgres';
import { DeliveryWorker } from '../../server/jobs/delivery-worker';
import { createLogger } from '../../server/lib/logger';

const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  APP_URL: 'http://app.test',
  SMTP_URL: process.env.SMTP_URL,
});
const db = await openPostgres(process.env.DATABASE_URL!, 4);
const worker = new DeliveryWorker({
  db,
  config,
  logger: createLogger('silent'),
  concurrency: 1,
  batchSize: 50,
  pollMs: 200,
});
worker.start();
process.stdout.write('worker started\n');
