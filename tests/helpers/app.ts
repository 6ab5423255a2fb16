import { builtinEngine, createAssistant } from '../../server/ai';
import { AssessmentWorker } from '../../server/jobs/assessment-worker';
import { DeliveryWorker, type DeliveryWorkerOptions } from '../../server/jobs/delivery-worker';
import { PolicyWorker } from '../../server/jobs/policy-worker';
import { ProposalDrafter } from '../../server/jobs/proposal-drafter';
import {
  PsaHistoryImportWorker,
  type PsaHistoryWorkerOptions,
} from '../../server/modules/psa/history-import/history-import.worker';
import { EventBus } from '../../server/realtime/event-bus';
import { StreamHub, type StreamLimits } from '../../server/realtime/stream-hub';
import type { AssistantProvider } from '../../server/ai/types';
import { loadConfig, type Config } from '../../server/config';
import type { Database } from '../../server/db/types';
import { createApp } from '../../server/http/app';
import { Metrics } from '../../server/http/metrics';
import { createLogger } from '../../server/lib/logger';
import { FileImportRunner } from '../../server/modules/knowledge/import/file-import-runner';

export type TestApp = ReturnType<typeof createTestApp>;

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', APP_URL: 'http://app.test', ...overrides });
}

/** The real application over a test database, driven without a socket through `app.request()`. */
export type TestAppOptions = {
  config?: Config;
  clock?: () => Date;
  assistant?: AssistantProvider;
  afterHandoffInsert?: () => Promise<void> | void;
  /**
   * Delivery worker settings. `autoKick` lets an escalation wake the worker as in production; it is off
   * by default because many tests inspect the outbox rows as the escalation left them (pending).
   */
  deliveries?: Partial<
    Pick<DeliveryWorkerOptions, 'senders' | 'sendTimeoutMs' | 'leaseMs' | 'batchSize' | 'concurrency'>
  > & { autoKick?: boolean };
  streamLimits?: StreamLimits;
  /** PSA history import worker settings (page size, lease, retry waits); the worker is never started. */
  psaHistory?: Partial<Omit<PsaHistoryWorkerOptions, 'db' | 'config' | 'logger'>>;
  /** Hand resolved sessions to the proposal drafter as production does; off by default, so other tests see no drafts. */
  proposals?: { autoDraft?: boolean };
};

export function createTestApp(db: Database, options: TestAppOptions = {}) {
  const config = options.config ?? testConfig();
  const logger = createLogger(config.logLevel);
  const assistant = options.assistant ?? createAssistant(config, logger);
  // Kicked after each escalation; tests await `assessments.idle()` instead of sleeping.
  const assessments = new AssessmentWorker(
    db,
    assistant,
    builtinEngine(),
    config.ai.assessmentTimeoutMs,
    logger,
    options.clock,
  );
  // The bus starts on the first stream connection; tests without streams never listen.
  const realtime = { bus: new EventBus(db, logger), hub: new StreamHub(options.streamLimits) };
  // Never started: tests move the injected clock and call `policies.runDue()`.
  const policies = new PolicyWorker(db, logger, options.clock);
  // Never started either: tests call `deliveries.kick()` and `deliveries.idle()` under the injected clock.
  const { autoKick = false, ...deliveryOptions } = options.deliveries ?? {};
  const deliveries = new DeliveryWorker({ db, config, logger, clock: options.clock, ...deliveryOptions });
  // Never started: tests call `psaHistory.runOnce()` to run what was queued to its end.
  const psaHistory = new PsaHistoryImportWorker({
    db,
    config,
    logger,
    clock: options.clock,
    ...options.psaHistory,
  });
  // Never started: tests call `proposals.runOnce()`, or turn on autoDraft and await `proposals.idle()`.
  const proposals = new ProposalDrafter(db, logger, options.clock);
  // Uploads run as soon as they arrive (no heartbeat); tests await `imports.idle()` instead of sleeping.
  const imports = new FileImportRunner({ db, logger, clock: options.clock });
  const app = createApp({
    config,
    db,
    logger,
    metrics: new Metrics(),
    realtime,
    assistant,
    handoffs: {
      kickAssessments: assessments.kick,
      kickDeliveries: () => autoKick && deliveries.kick(),
      afterHandoffInsert: options.afterHandoffInsert,
    },
    clock: options.clock ?? (() => new Date()),
    isReady: async () => true,
    imports,
    ...(options.proposals?.autoDraft ? { proposals } : {}),
  });
  return { app, config, db, realtime, assessments, policies, deliveries, psaHistory, proposals, imports };
}
