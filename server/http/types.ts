import type { AssistantProvider } from '../ai/types';
import type { Config } from '../config';
import type { HandoffDeps } from '../modules/handoffs/handoffs.service';
import type { EventBus } from '../realtime/event-bus';
import type { StreamHub } from '../realtime/stream-hub';
import type { Database } from '../db/types';
import type { Logger } from '../lib/logger';
import type { AuthResult } from '../modules/auth/auth.service';
import type { ForegroundActivity } from '../jobs/foreground';
import type { Metrics } from './metrics';
import type { FileImportQueue } from '../modules/knowledge/import/file-import-runner';

/** Everything the HTTP layer needs, built once by the composition root (or a test). */
export type AppDeps = {
  config: Config;
  db: Database;
  logger: Logger;
  metrics: Metrics;
  /** The configured assistant (built-in, or a hosted model with the built-in engine as fallback). */
  assistant: AssistantProvider;
  handoffs: HandoffDeps;
  /** Live stream: this process's view of the event log and its open connections. */
  realtime: { bus: EventBus; hub: StreamHub };
  clock: () => Date;
  /** Requests in flight, which background workers give way to (absent in tests that drive workers by hand). */
  foreground?: ForegroundActivity;
  /** Hands a just-resolved session to the proposal drafter (absent where no drafter runs). */
  proposals?: { sessionResolved: (accountId: string, sessionId: string) => void };
  /** Runs uploaded knowledge files in the background (absent where no runner was built). */
  imports?: FileImportQueue;
  /** False while the server drains on shutdown, or the database is unreachable. */
  isReady: () => Promise<boolean>;
};

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    auth: (AuthResult & { via: 'cookie' | 'token'; sessionToken?: string }) | undefined;
  };
};
