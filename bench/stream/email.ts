// Escalate → email received by a real SMTP server (smtp-server on 127.0.0.1), through the outbox and
// the delivery worker of a real server process. 5 senior recipients per escalation.
// Usage: npx tsx bench/stream/email.ts   (DATABASE_URL=postgres://… for PostgreSQL, else embedded)
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { builtinEngine } from '../../server/ai';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import type { Database } from '../../server/db/types';
import { createAccount } from '../../server/modules/accounts/accounts.service';
import { createSession } from '../../server/modules/sessions/sessions.service';
import { freePort, startServerProcess } from '../../tests/helpers/server-process';
import { startSmtpCatcher } from '../../tests/helpers/smtp-catcher';

const ESCALATIONS = 50;
const PASSWORD = 'bench-password-1';

async function prepare(db: Database) {
  await migrate(db);
  const tag = randomBytes(3).toString('hex');
  const { accountId, users } = await createAccount(db, {
    name: 'Email bench',
    users: [
      { email: `tech-${tag}@bench.test`, name: 'Tech', role: 'tech', password: PASSWORD },
      ...Array.from({ length: 5 }, (_, i) => ({
        email: `senior${i}-${tag}@bench.test`,
        name: `Senior ${i}`,
        role: 'engineer' as const,
        password: PASSWORD,
      })),
    ],
  });
  const tech = users[0]!;
  const ctx = {
    db,
    actor: { id: tech.id, accountId, role: tech.role, name: tech.name, email: tech.email },
    now: new Date(),
  };
  const sessions: string[] = [];
  for (let i = 0; i < ESCALATIONS; i++)
    sessions.push(
      (await createSession(ctx, { assistant: builtinEngine() }, { problem: `Printer offline on floor ${i}` }))
        .session.id,
    );
  return { techEmail: tech.email, sessions };
}

const smtp = await startSmtpCatcher();
const url = process.env.DATABASE_URL;
let env: Record<string, string> = { SEED_DEMO: 'off', LOG_LEVEL: 'error', SMTP_URL: smtp.url };
let existing: { port: number; dataDir: string } | undefined;
let cleanup = async () => {};
let prepared: Awaited<ReturnType<typeof prepare>>;
if (url) {
  const name = `rf_email_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString(), 4);
  prepared = await prepare(db);
  await db.close();
  env = { ...env, DATABASE_URL: u.toString() };
  cleanup = async () => {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  };
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'rf-bench-email-'));
  const db = await openPglite(join(dataDir, 'pglite'));
  prepared = await prepare(db);
  await db.close();
  existing = { port: await freePort(), dataDir };
}
const server = await startServerProcess(env, existing);
try {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: prepared.techEmail, password: PASSWORD }),
  });
  const headers = {
    cookie: login.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': ((await login.json()) as { csrf_token: string }).csrf_token,
    'content-type': 'application/json',
  };
  const latencies: number[] = [];
  for (const sessionId of prepared.sessions) {
    const before = smtp.messages.length;
    const res = await fetch(`${server.url}/api/v1/sessions/${sessionId}/handoffs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ intent: 'escalate' }),
    });
    const responded = performance.now();
    if (res.status !== 201) throw new Error(`escalate ${res.status}`);
    // Each recipient's mail counts when the SMTP server has accepted it.
    while (smtp.messages.length < before + 5 && performance.now() - responded < 10_000)
      await new Promise((r) => setTimeout(r, 2));
    const arrived = performance.now() - responded;
    latencies.push(arrived);
  }
  const s = [...latencies].sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.ceil((q / 100) * s.length) - 1)]!;
  console.log(
    `${url ? 'PostgreSQL 15' : 'PGlite'}: ${ESCALATIONS} escalations × 5 recipients, ${smtp.messages.length} mails received; ` +
      `escalate response → all 5 mails accepted: p50 ${p(50).toFixed(0)} ms, p99 ${p(99).toFixed(0)} ms, max ${s.at(-1)!.toFixed(0)} ms`,
  );
} finally {
  await server.stop();
  await smtp.close();
  await cleanup();
}
