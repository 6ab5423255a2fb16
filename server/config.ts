import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_STREAM_LIMITS } from './realtime/stream-hub';

/**
 * The only reader of process.env. Parsed and validated once at start; everything else receives
 * the resulting object. With nothing set the app runs in embedded mode (PGlite in DATA_DIR).
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // No default here: 127.0.0.1 outside production, every interface in production (see loadConfig).
  HOST: z.string().optional(),
  APP_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_LISTEN_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  ENCRYPTION_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMTP_FROM: z.string().default('ResolutionFlow <no-reply@resolutionflow.local>'),
  AI_PROVIDER: z.enum(['builtin', 'anthropic', 'openai-compatible']).default('builtin'),
  AI_BASE_URL: z.string().url().optional(),
  AI_MODEL: z.string().optional(),
  AI_API_KEY: z.string().optional(),
  ESCALATION_ASSESSMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  AI_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  ALLOW_PRIVATE_WEBHOOKS: booleanFlag,
  STREAM_MAX_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
  STREAM_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(500),
  STREAM_MAX_QUEUED_BYTES: z.coerce
    .number()
    .int()
    .min(4096)
    .max(64 * 1024 * 1024)
    .default(DEFAULT_STREAM_LIMITS.maxQueuedBytes),
  TRUST_PROXY: z.string().max(2000).optional(),
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').max(500).optional(),
  SLACK_API_URL: z.string().url().default('https://slack.com/api'),
  AUTOTASK_ZONE_DISCOVERY_URL: z.string().url().default('https://webservices.autotask.net/atservicesrest'),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  appUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /**
   * A direct (session-mode) URL for the connections that LISTEN (live events, access changes), when
   * DATABASE_URL goes through a transaction-mode pooler such as PgBouncer, which cannot hold a LISTEN.
   */
  databaseListenUrl: string | undefined;
  databasePoolSize: number;
  sessionSecret: string | undefined;
  sessionTtlHours: number;
  /**
   * Keys for secrets stored at rest (channel webhook URLs and signing secrets). The first one seals
   * new values; every one of them may open old values, so moving from the SESSION_SECRET fallback to
   * ENCRYPTION_KEY (or from the development key) keeps existing channels readable.
   */
  encryptionKeys: string[];
  smtpUrl: string | undefined;
  smtpFrom: string;
  ai: {
    provider: 'builtin' | 'anthropic' | 'openai-compatible';
    baseUrl: string | undefined;
    model: string | undefined;
    apiKey: string | undefined;
    assessmentTimeoutMs: number;
    requestTimeoutMs: number;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  seedDemo: boolean;
  allowPrivateWebhooks: boolean;
  /**
   * Live streams one user and one account may hold open at once, in each server process, and the
   * bytes a stream may have queued for a client that stopped reading before it is dropped.
   */
  stream: { maxPerUser: number; maxPerAccount: number; maxQueuedBytes: number };
  /** Which peers may name the client in X-Forwarded-For (server/http/client-address.ts). */
  trustProxy: TrustProxy;
  /** Bearer token for /metrics; without it /metrics is loopback-only outside production, off in production. */
  metricsToken: string | undefined;
  /** Slack's Web API base (the Slack app's bot calls); tests point it at a local stand-in. */
  slackApiUrl: string;
  /** Where Autotask API zones are discovered from the user name; tests point it at a local stand-in. */
  autotaskZoneDiscoveryUrl: string;
};

export class ConfigError extends Error {}

/**
 * TRUST_PROXY: unset trusts nobody (the socket peer is the client); a number is how many proxies
 * stand in front of the server; otherwise a comma-separated list of proxy addresses or CIDR ranges
 * (`loopback` for 127.0.0.0/8 and ::1).
 */
export type TrustProxy =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'list'; ranges: { address: string; prefix: number; family: 'ipv4' | 'ipv6' }[] };

function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'false' || v === '0') return { kind: 'none' };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new ConfigError('Invalid configuration:\n  TRUST_PROXY: at most 10 proxy hops');
    return { kind: 'hops', hops };
  }
  const ranges: Extract<TrustProxy, { kind: 'list' }>['ranges'] = [];
  for (const raw of v
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    if (raw === 'loopback') {
      ranges.push(
        { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
      );
      continue;
    }
    const [address = '', prefixText] = raw.split('/');
    const version = isIP(address);
    const max = version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d+$/.test(prefixText) ? Number(prefixText) : NaN;
    if (version === 0 || !(prefix >= 0 && prefix <= max)) {
      throw new ConfigError(
        `Invalid configuration:\n  TRUST_PROXY: "${raw}" is not an IP address, a CIDR range or "loopback"`,
      );
    }
    ranges.push({ address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' });
  }
  return ranges.length > 0 ? { kind: 'list', ranges } : { kind: 'none' };
}

// Development only: lets channel secrets be stored without configuring a key. Never used in production.
const DEVELOPMENT_ENCRYPTION_KEY = 'resolutionflow-development-only-encryption-key-do-not-use';

function encryptionKeys(
  encryptionKey: string | undefined,
  sessionSecret: string | undefined,
  isProduction: boolean,
): string[] {
  const keys = [encryptionKey, sessionSecret, isProduction ? undefined : DEVELOPMENT_ENCRYPTION_KEY];
  return [...new Set(keys.filter((k): k is string => Boolean(k)))];
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "not set": .env files often carry `KEY=` lines.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (e.AI_PROVIDER !== 'builtin' && !e.AI_MODEL) {
    throw new ConfigError(
      `AI_PROVIDER=${e.AI_PROVIDER} needs AI_MODEL (and usually AI_BASE_URL and AI_API_KEY)`,
    );
  }
  if (e.DATABASE_LISTEN_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'DATABASE_LISTEN_URL is only used together with DATABASE_URL: set DATABASE_URL to the (pooled) ' +
        'PostgreSQL URL for queries, or remove DATABASE_LISTEN_URL to use the embedded database',
    );
  }
  if (isProduction) {
    const missing = [
      !e.DATABASE_URL && 'DATABASE_URL (PostgreSQL connection string)',
      !e.SESSION_SECRET && 'SESSION_SECRET (at least 32 random characters)',
      !e.SMTP_URL && 'SMTP_URL (mail transport for notifications)',
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new ConfigError(
        `NODE_ENV=production refuses to start without:\n${missing.map((m) => `  - ${m}`).join('\n')}`,
      );
    }
  }
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    // Outside production only this machine can reach the app unless HOST says otherwise.
    host: e.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databaseListenUrl: e.DATABASE_LISTEN_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    sessionSecret: e.SESSION_SECRET,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    encryptionKeys: encryptionKeys(e.ENCRYPTION_KEY, e.SESSION_SECRET, isProduction),
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    ai: {
      provider: e.AI_PROVIDER,
      baseUrl: e.AI_BASE_URL,
      model: e.AI_MODEL,
      apiKey: e.AI_API_KEY,
      assessmentTimeoutMs: e.ESCALATION_ASSESSMENT_TIMEOUT_MS,
      requestTimeoutMs: e.AI_REQUEST_TIMEOUT_MS,
    },
    logLevel: e.LOG_LEVEL,
    // Demo data seeds an empty database outside production: embedded by default, PostgreSQL with SEED_DEMO=on.
    seedDemo: !isProduction && (e.SEED_DEMO === 'on' || (e.SEED_DEMO === 'auto' && !e.DATABASE_URL)),
    allowPrivateWebhooks: !isProduction && e.ALLOW_PRIVATE_WEBHOOKS,
    stream: {
      maxPerUser: e.STREAM_MAX_PER_USER,
      maxPerAccount: e.STREAM_MAX_PER_ACCOUNT,
      maxQueuedBytes: e.STREAM_MAX_QUEUED_BYTES,
    },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    metricsToken: e.METRICS_TOKEN,
    slackApiUrl: e.SLACK_API_URL.replace(/\/+$/, ''),
    autotaskZoneDiscoveryUrl: e.AUTOTASK_ZONE_DISCOVERY_URL.replace(/\/+$/, ''),
  };
}
