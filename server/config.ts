import { z } from 'zod';

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
  HOST: z.string().default('0.0.0.0'),
  APP_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
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
});

export type Config = {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  appUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
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
};

export class ConfigError extends Error {}

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
    host: e.HOST,
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
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
  };
}
