import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { answerClientErrors } from './http/client-errors';
import { ConfigError, loadConfig } from './config';
import { createBackup } from './db/backup/archive';
import { serveBackups, type BackupControl } from './db/backup/control-socket';
import { embeddedFolder } from './db/backup/data-folder';
import { migrate } from './db/migrate';
import { DataDirLockedError, openDatabase } from './db/open';
import { pingDatabase } from './db/ping';
import { asSystem } from './db/tenant';
import { builtinEngine, createAssistant } from './ai';
import { AssessmentWorker } from './jobs/assessment-worker';
import { DeliveryWorker } from './jobs/delivery-worker';
import { PolicyWorker } from './jobs/policy-worker';
import { ProposalDrafter } from './jobs/proposal-drafter';
import { takeOverAfterRestart } from './jobs/restart-takeover';
import { PsaHistoryImportWorker } from './modules/psa/history-import/history-import.worker';
import { FileImportRunner } from './modules/knowledge/import/file-import-runner';
import { EventBus } from './realtime/event-bus';
import { DEFAULT_STREAM_LIMITS, StreamHub } from './realtime/stream-hub';
import { createApp } from './http/app';
import { ForegroundActivity } from './jobs/foreground';
import { passwordResetMailsSettled } from './modules/auth/password-reset.mail';
import { inviteNoticesSettled } from './modules/invites/invites.mail';
import { slackInteractionsSettled } from './modules/slack/slack-interactions';
import { Metrics } from './http/metrics';
import { createLogger } from './lib/logger';
import { vapidKeys } from './modules/push/vapid-keys';
import { demoLoginsText, isDatabaseEmpty, seedDemo } from './seed/demo';
import { warmHotPaths } from './modules/warm-up';

/**
 * A start leaves some 15 MiB of parsing and warm-up garbage in V8's old generation (the compiled
 * knowledge base's header, the migrations, the warm-up statements), and an idle server may not run a full
 * collection for hours: it stays resident. One full collection once serving has begun returns it.
 * `gc` exists only under `--expose-gc` (the `npm start` command); elsewhere this does nothing.
 */
function collectStartGarbageOnce() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) setTimeout(gc, 5000).unref();
}

/** Composition root: config → database → migrations → demo seed → HTTP → graceful shutdown. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const { db, close } = await openDatabase(config);
  const migration = await migrate(db);
  logger.info('database ready', { kind: db.kind, migrations_applied: migration.applied });

  let seeded = false;
  if (config.seedDemo && (await isDatabaseEmpty(db))) {
    await seedDemo(db);
    seeded = true;
  }

  // Web push signs with one VAPID key pair per installation: made (and sealed) at the first start.
  await vapidKeys(db, config);

  // `npm run cli -- backup` cannot open the embedded database while we hold it: it asks us instead.
  let backups: BackupControl | undefined;
  if (db.kind === 'pglite') {
    try {
      const dataDir = resolve(config.dataDir);
      backups = await serveBackups(dataDir, () => createBackup(db, embeddedFolder(dataDir)), logger);
    } catch (err) {
      // The app works without it; only online backups are lost, and the log says why.
      logger.error('backup control socket unavailable: backups need the server stopped', {
        err: err instanceof Error ? err.message : String(err),
      });
    }
  }

  // The embedded database has one process at a time: what a dead one had leased is free at once
  // (outbox rows, assessments, imports), instead of after its lease. Before any worker starts.
  if (db.kind === 'pglite') {
    const freed = await takeOverAfterRestart(db);
    if (freed.deliveries + freed.assessments + freed.imports > 0)
      logger.info('took over the work a stopped process had leased', freed);
  }

  const assistant = createAssistant(config, logger);
  // Background workers give way to the requests in flight (a burst of escalations is answered first).
  const foreground = new ForegroundActivity();
  const assessments = new AssessmentWorker(
    db,
    assistant,
    builtinEngine(),
    config.ai.assessmentTimeoutMs,
    logger,
    undefined,
    foreground,
  );
  assessments.start();
  const policies = new PolicyWorker(db, logger);
  policies.start();
  const deliveries = new DeliveryWorker({ db, config, logger, foreground });
  deliveries.start();
  const psaHistory = new PsaHistoryImportWorker({ db, config, logger });
  psaHistory.start();
  const proposals = new ProposalDrafter(db, logger);
  proposals.start();
  // Uploaded files live in memory only: imports a dead process left unfinished are marked failed first.
  const fileImports = new FileImportRunner({ db, logger, foreground });
  await fileImports.start();
  if (!config.smtpUrl)
    logger.warn('SMTP_URL is not set: email goes to the dev outbox (/api/v1/dev/outbox/view)');

  const bus = new EventBus(db, logger);
  await bus.ensureStarted();
  const hub = new StreamHub({ ...DEFAULT_STREAM_LIMITS, maxQueuedBytes: config.stream.maxQueuedBytes });
  const metrics = new Metrics();
  metrics.gauge('stream_connections', () => hub.connections.size);

  let draining = false;
  const app = createApp({
    foreground,
    config,
    db,
    logger,
    metrics,
    realtime: { bus, hub },
    assistant,
    handoffs: { kickAssessments: assessments.kick, kickDeliveries: deliveries.kick },
    proposals,
    imports: fileImports,
    clock: () => new Date(),
    isReady: async () => {
      if (draining || !bus.connected) return false;
      try {
        await Promise.race([
          asSystem(db, 'health', pingDatabase),
          new Promise((_, reject) => setTimeout(reject, 2000)),
        ]);
        return true;
      } catch {
        return false;
      }
    },
  });

  // The first escalation after a start about as fast as the tenth (PostgreSQL): the hot path rehearsed
  // and rolled back on the connections it will use.
  const warmStarted = performance.now();
  await warmHotPaths(db, config.databasePoolSize, logger).then(
    () => logger.info('hot paths warmed', { ms: Math.round(performance.now() - warmStarted) }),
    (err: unknown) =>
      logger.warn('warming the hot paths failed; the first requests are slower', {
        err: err instanceof Error ? err.message : String(err),
      }),
  );

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const url = config.appUrl;
    process.stdout.write(
      `\nResolutionFlow is running at ${url} (listening on ${info.address}:${info.port}, ${db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})\n` +
        (config.seedDemo ? `${seeded ? 'Demo data created. ' : ''}${demoLoginsText()}\n\n` : '\n'),
    );
  });
  answerClientErrors(server);
  collectStartGarbageOnce();

  const shutdown = async (signal: string) => {
    if (draining) return;
    draining = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    hub.closeAll();
    // The workers take no new job from now on and finish the ones in hand while HTTP drains; what is
    // still queued waits in the database for the next start.
    const workersStopped = Promise.all([
      assessments.stop(),
      policies.stop(),
      deliveries.stop(),
      psaHistory.stop(),
      proposals.stop(),
      fileImports.stop(),
    ]);
    // close() stops accepting at once, then waits for every open connection. A keep-alive connection
    // whose request is answered would idle for up to 5 s: close each as soon as it has nothing in flight.
    const closeIdle = setInterval(() => (server as Server).closeIdleConnections(), 100);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearInterval(closeIdle);
    await bus.stop();
    await workersStopped;
    // A reset link is mailed after its request was answered: let the mails in hand go out.
    await passwordResetMailsSettled();
    await inviteNoticesSettled();
    await slackInteractionsSettled();
    await backups?.close(); // a backup being made is finished and sent first
    await close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    // A database that cannot be reached is reported as such; its driver error says why.
    const cause =
      err instanceof Error && err.cause instanceof Error ? `\nCaused by: ${err.cause.message}` : '';
    process.stderr.write(
      `ResolutionFlow failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}${cause}\n`,
    );
  }
  process.exit(1);
});
