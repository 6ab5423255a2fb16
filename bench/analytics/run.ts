// Analytics endpoint latency on PostgreSQL with one account holding 100,000 handoffs and 1,000,000
// session steps (generated here with SQL), for each period. Requires DATABASE_URL.
// Usage: DATABASE_URL=postgres://… npx tsx bench/analytics/run.ts
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../server/db/migrate';
import { openPostgres } from '../../server/db/postgres';
import { hashSecret, newId } from '../../server/lib/crypto';
import { createTestApp } from '../../tests/helpers/app';

const HANDOFFS = Number(process.env.HANDOFFS ?? 100_000);
const STEPS_PER_SESSION = 10;
const RUNS = 200;
const url = process.env.DATABASE_URL;
if (!url) throw new Error('bench/analytics needs DATABASE_URL (PostgreSQL)');

const admin = new pg.Client({ connectionString: url });
await admin.connect();
// KEEP_DB=name keeps the generated database for the next run (which then skips generation).
const keep = process.env.KEEP_DB;
const name = keep ?? `rf_analytics_${randomBytes(4).toString('hex')}`;
const reuse = keep
  ? (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [keep])).rowCount === 1
  : false;
if (!reuse) await admin.query(`CREATE DATABASE ${name}`);
const u = new URL(url);
u.pathname = `/${name}`;
const db = await openPostgres(u.toString(), 5);
try {
  await migrate(db);
  // Every run starts cold: the stored days of a kept database are marked stale.
  await db.query('UPDATE analytics_days SET fresh = false, generation = generation + 1');
  const token = `rfp_${randomBytes(24).toString('base64url')}`;
  if (!reuse) await generate();
  const { rows: seniors } = await db.query<{ id: string; account_id: string }>(
    `SELECT id, account_id FROM users WHERE email = 'senior@analytics.bench'`,
  );
  await db.query(
    `INSERT INTO api_tokens (id, account_id, user_id, name, token_hash) VALUES ($1, $2, $3, 'bench', $4)`,
    [newId(), seniors[0]!.account_id, seniors[0]!.id, hashSecret(token)],
  );

  const { app, assessments } = createTestApp(db);
  for (const period of ['7d', '30d', '90d']) {
    const ms: number[] = [];
    for (let i = 0; i < RUNS + 10; i++) {
      const started = performance.now();
      const res = await app.request(`/api/v1/analytics/escalations?period=${period}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { time_to_claim: { n: number }; n_with_action: number };
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      if (i >= 10) ms.push(performance.now() - started);
      if (i === 0) {
        // The first request after the data changed also works out and stores the days that are over.
        console.log(
          `  ${period}: ${body.time_to_claim.n} escalations claimed in the window, ${body.n_with_action} with a first action; first request ${(performance.now() - started).toFixed(1)} ms`,
        );
      }
    }
    ms.sort((a, b) => a - b);
    const p = (q: number) => ms[Math.min(ms.length - 1, Math.ceil((q / 100) * ms.length) - 1)]!.toFixed(1);
    console.log(
      `  ${period}: p50 ${p(50)} ms  p99 ${p(99)} ms  (${RUNS} requests, in-process app.request with a bearer token)`,
    );
  }
  await assessments.stop();
} finally {
  await db.close();
  if (!keep) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}

async function generate() {
  const accountId = newId();
  const seniorId = newId();
  const techId = newId();
  const t0 = performance.now();
  await db.query(`INSERT INTO accounts (id, name) VALUES ($1, 'Analytics bench')`, [accountId]);
  await db.query(
    `INSERT INTO users (id, account_id, email, name, role) VALUES ($1, $3, 'senior@analytics.bench', 'Senior', 'engineer'), ($2, $3, 'tech@analytics.bench', 'Tech', 'tech')`,
    [seniorId, techId, accountId],
  );
  // Sessions and escalations spread over the last 120 days; claims after 0–20 min; 85 % acted on.
  await db.query(
    `INSERT INTO sessions (id, account_id, user_id, status, intake, problem_summary, problem_domain, created_at)
       SELECT gen_random_uuid(), $1, $2, 'resolved', '{"problem":"generated"}', 'Generated problem ' || g, 'network',
              now() - (random() * interval '120 days')
       FROM generate_series(1, $3) g`,
    [accountId, techId, HANDOFFS],
  );
  await db.query(
    `INSERT INTO session_steps (id, account_id, session_id, step_order, kind, content, source, actor_user_id, answered_at, created_at)
       SELECT gen_random_uuid(), s.account_id, s.id, n, 'question', '{"text":"generated","options":[],"sources":[]}', 'assistant',
              CASE WHEN n % 2 = 0 THEN $2::uuid END, s.created_at + n * interval '1 minute', s.created_at + n * interval '1 minute'
       FROM sessions s CROSS JOIN generate_series(1, $3) n WHERE s.account_id = $1`,
    [accountId, techId, STEPS_PER_SESSION],
  );
  await db.query(
    `INSERT INTO handoffs (id, account_id, session_id, intent, handed_off_by, priority, snapshot, created_at, claimed_by, claimed_at, first_action_at, resolved_at)
       SELECT gen_random_uuid(), s.account_id, s.id, 'escalate', $2, 'p3', '{"problem_summary":"Generated","ticket":null,"steps":[]}',
              e.at, c.claimer, c.claimed, CASE WHEN random() < 0.85 AND c.claimed IS NOT NULL THEN c.claimed + random() * interval '15 minutes' END, e.at + interval '2 hours'
       FROM sessions s
       CROSS JOIN LATERAL (SELECT s.created_at + interval '20 minutes' AS at) e
       CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.95 AND s.id IS NOT NULL THEN $3::uuid END AS claimer) k -- correlated, so drawn per row
       CROSS JOIN LATERAL (SELECT k.claimer, CASE WHEN k.claimer IS NOT NULL THEN e.at + random() * interval '20 minutes' END AS claimed) c
       WHERE s.account_id = $1`,
    [accountId, techId, seniorId],
  );
  // What autovacuum does in production: statistics and the visibility map (index-only scans).
  await db.query('VACUUM ANALYZE');
  const counts = await db.query<{ h: number; st: number }>(
    `SELECT (SELECT count(*) FROM handoffs) AS h, (SELECT count(*) FROM session_steps) AS st`,
  );
  console.log(
    `PostgreSQL 15: generated ${counts.rows[0]!.h} handoffs and ${counts.rows[0]!.st} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
