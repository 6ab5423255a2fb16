// Live stream fan-out: time from the escalate response to the `handoff_created` frame at N stream
// clients, with server RSS. Real server processes on PostgreSQL (DATABASE_URL required).
// Usage: DATABASE_URL=postgres://… npx tsx bench/stream/run.ts [clients…]   (default 100 1000 5000)
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import pg from 'pg';
import { migrate } from '../../server/db/migrate';
import { openPostgres } from '../../server/db/postgres';
import { hashSecret, newId } from '../../server/lib/crypto';
import { startServerProcess, type ServerProcess } from '../../tests/helpers/server-process';
import { seedEscalationFixture } from '../lib/push-scenario';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('bench/stream needs DATABASE_URL (PostgreSQL)');
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const SIZES = process.argv.slice(2).map(Number).filter(Boolean);
const ESCALATIONS = 20;

type Population = {
  accounts: { id: string; techToken: string; sessions: string[] }[];
  seniorTokens: { accountIndex: number; token: string }[];
};

/** Users and tokens written directly (no password hashing): the bench measures the stream, not sign-in. */
async function populate(dbUrl: string, clients: number, accounts: number): Promise<Population> {
  const db = await openPostgres(dbUrl, 4);
  const pop: Population = { accounts: [], seniorTokens: [] };
  for (let a = 0; a < accounts; a++) {
    const accountId = newId();
    const tech = { id: newId(), token: `rfp_${randomBytes(24).toString('base64url')}` };
    await db.query(`INSERT INTO accounts (id, name) VALUES ($1, $2)`, [accountId, `Stream ${a}`]);
    const seniors = Array.from({ length: Math.ceil(clients / accounts) }, () => ({
      id: newId(),
      token: `rfp_${randomBytes(24).toString('base64url')}`,
    }));
    const users = [{ ...tech, role: 'tech' }, ...seniors.map((s) => ({ ...s, role: 'engineer' }))];
    await db.query(
      `INSERT INTO users (id, account_id, email, name, role) SELECT u.id, $1, u.id || '@stream.test', 'User', u.role FROM unnest($2::uuid[], $3::text[]) AS u(id, role)`,
      [accountId, users.map((u) => u.id), users.map((u) => u.role)],
    );
    await db.query(
      `INSERT INTO api_tokens (id, account_id, user_id, name, token_hash) SELECT gen_random_uuid(), $1, u.id, 'bench', u.h FROM unnest($2::uuid[], $3::text[]) AS u(id, h)`,
      [accountId, users.map((u) => u.id), users.map((u) => hashSecret(u.token))],
    );
    // The stream is measured here; email is measured on its own (bench/stream/email.ts). Level 0 of
    // the policy therefore notifies in the app only, so 5,000 outgoing emails per escalation do not
    // compete with the fan-out for the two cores.
    const sessions = await seedEscalationFixture(db, accountId, tech.id, ESCALATIONS);
    pop.accounts.push({ id: accountId, techToken: tech.token, sessions });
    seniors.forEach((s) => pop.seniorTokens.push({ accountIndex: a, token: s.token }));
  }
  await db.close();
  pop.seniorTokens = pop.seniorTokens.slice(0, clients);
  return pop;
}

/**
 * A lean SSE reader on node:http (cheaper per connection than fetch's web streams, so the load
 * generator steals less CPU from the server): records when each handoff_created frame arrived.
 */
function connect(base: string, token: string, arrivals: Map<string, number[]>, ready: () => void) {
  return new Promise<void>((resolve, reject) => {
    const req = http.get(
      `${base}/api/v1/stream`,
      { agent, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream ${res.statusCode}`));
        res.setEncoding('utf8');
        let buffer = '';
        let announced = false;
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!announced && block.includes('event: ready')) {
              announced = true;
              ready();
            } else if (block.startsWith('id: ') && block.includes('event: handoff_created')) {
              const id = /"handoff_id":"([^"]+)"/.exec(block)?.[1];
              if (id) arrivals.set(id, [...(arrivals.get(id) ?? []), at]);
            }
          }
        });
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function scenario(clients: number, accounts: number, processes: number) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const name = `rf_stream_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url!);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  const migrator = await openPostgres(dbUrl, 2);
  await migrate(migrator);
  await migrator.close();
  const pop = await populate(dbUrl, clients, accounts);
  const servers: ServerProcess[] = [];
  for (let i = 0; i < processes; i++)
    servers.push(
      await startServerProcess({
        DATABASE_URL: dbUrl,
        SEED_DEMO: 'off',
        LOG_LEVEL: 'error',
        DATABASE_POOL_SIZE: '10',
        // Thousands of listeners in one account: the production stream caps would refuse them.
        STREAM_MAX_PER_ACCOUNT: '100000',
      }),
    );
  const arrivals = new Map<string, number[]>();
  let readyCount = 0;
  const allReady = new Promise<void>((resolve) => {
    pop.seniorTokens.forEach((s, i) =>
      connect(
        servers[i % processes]!.url,
        s.token,
        arrivals,
        () => ++readyCount === pop.seniorTokens.length && resolve(),
      ).catch(() => {}),
    );
  });
  await allReady;
  const latencies: number[] = [];
  let expectedFrames = 0;
  for (let e = 0; e < ESCALATIONS; e++) {
    const account = pop.accounts[e % accounts]!;
    const receivers = pop.seniorTokens.filter((s) => s.accountIndex === e % accounts).length;
    const res = await fetch(
      `${servers[0]!.url}/api/v1/sessions/${account.sessions[Math.floor(e / accounts)]}/handoffs`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${account.techToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ intent: 'escalate' }),
      },
    );
    const responded = performance.now();
    const id = ((await res.json()) as { handoff: { id: string } }).handoff.id;
    expectedFrames += receivers;
    // Wait until every receiving client has the frame (or 10 s).
    const deadline = responded + 10_000;
    while ((arrivals.get(id)?.length ?? 0) < receivers && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    for (const t of arrivals.get(id) ?? []) latencies.push(Math.max(0, t - responded));
    await new Promise((r) => setTimeout(r, 100));
  }
  const rss = servers.map((s) => rssMb(s.child.pid!));
  console.log(
    `  ${String(clients).padStart(5)} clients, ${String(accounts).padStart(3)} account(s), ${processes} process(es): ` +
      `frames ${latencies.length}/${expectedFrames}  p50 ${pct(latencies, 50).toFixed(1)} ms  p99 ${pct(latencies, 99).toFixed(1)} ms  ` +
      `server RSS ${rss.map((r) => `${r.toFixed(0)} MB`).join(' + ')}`,
  );
  await Promise.all(servers.map((s) => s.stop()));
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}

console.log(
  `PostgreSQL 15; ${ESCALATIONS} escalations per scenario; latency = frame arrival − escalate response`,
);
for (const n of SIZES.length ? SIZES : [100, 1000, 5000]) {
  await scenario(n, 1, 1);
  await scenario(n, 100, 1);
  await scenario(n, 1, 2);
}
