// Slack click → message updated: from the moment a signed Claim click is sent to the interaction
// endpoint until Slack's Web API stand-in receives the chat.update that shows "Claimed by …". The
// whole path runs: signature and replay check, the answer to Slack, users.info (cold for each
// senior's first click, cached after), the claim transaction, the outbox row, the delivery worker
// (woken by the claim) and chat.update. In process over a real socket, against the local stand-in.
// Usage: npx tsx bench/on-call/slack-claim.ts                (embedded PGlite)
//        DATABASE_URL=postgres://… npx tsx bench/on-call/slack-claim.ts   (a fresh database there)
import { createTestApp, testConfig } from '../../tests/helpers/app';
import { blockActionsBody, slackHeaders, startFakeSlack } from '../../tests/helpers/fake-slack';
import { listen } from '../../tests/helpers/http-server';
import { migrate } from '../../server/db/migrate';
import { openPglite } from '../../server/db/pglite';
import { openPostgres } from '../../server/db/postgres';
import type { Database } from '../../server/db/types';
import { createAccount } from '../../server/modules/accounts/accounts.service';
import { createHandoff } from '../../server/modules/handoffs/handoffs.service';
import { createSession } from '../../server/modules/sessions/sessions.service';
import { builtinEngine } from '../../server/ai';
import { createThrowawayDatabase } from '../lib/throwaway-database';
import { summarize } from '../lib/stats';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorOf } from '../lib/population';

const RUNS = Number(process.env.RUNS ?? 200);
const WARMUP = 10;
const SENIORS = 10;
const SECRET = 'be0cbe0cbe0cbe0cbe0cbe0cbe0cbe0c';

async function openDatabase(): Promise<{ db: Database; drop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const t = await createThrowawayDatabase(process.env.DATABASE_URL, 'slackclaim');
    const db = await openPostgres(t.url, 10);
    return { db, drop: async () => (await db.close(), await t.drop()) };
  }
  const db = await openPglite(mkdtempSync(join(tmpdir(), 'rf-bench-slack-')));
  return { db, drop: () => db.close() };
}

const { db, drop } = await openDatabase();
await migrate(db);
const slack = await startFakeSlack();
const testApp = createTestApp(db, {
  config: testConfig({ SLACK_API_URL: slack.apiUrl }),
  deliveries: { autoKick: true },
});
const server = await listen(testApp.app);
// Started as in production: it polls, and wakes itself for posts put off by Slack's pacing.
testApp.deliveries.start();

const created = await createAccount(db, {
  name: 'Slack bench',
  users: [
    { email: 'owner@slack-bench.test', name: 'Owner', role: 'owner', password: 'slack-bench-1' },
    { email: 'tech@slack-bench.test', name: 'Tech', role: 'tech', password: 'slack-bench-1' },
    ...Array.from({ length: SENIORS }, (_, i) => ({
      email: `senior${i}@slack-bench.test`,
      name: `Senior ${i}`,
      role: 'engineer' as const,
      password: 'slack-bench-1',
    })),
  ],
});
const ws = slack.addWorkspace({
  token: 'xoxb-bench-0001',
  teamId: 'TBENCH',
  teamName: 'Bench',
  appId: 'ABENCH',
  botUserId: 'UBENCHBOT',
  users: created.users
    .filter((u) => u.role === 'engineer')
    .map((u, i) => ({ id: `USENIOR${i}`, email: u.email, name: u.name })),
});
const owner = actorOf(
  created,
  created.users.find((u) => u.role === 'owner')!,
);
const tech = actorOf(
  created,
  created.users.find((u) => u.role === 'tech')!,
);
const { saveSlackApp } = await import('../../server/modules/slack/slack.service');
await saveSlackApp({ db, actor: owner, now: new Date() }, testApp.config, {
  signing_secret: SECRET,
  bot_token: ws.token,
  channel: '#escalations',
});

/** One posted escalation message, ready to be claimed. */
async function postedEscalation(i: number) {
  const view = await createSession(
    { db, actor: tech, now: new Date() },
    { assistant: builtinEngine() },
    { problem: `Bench problem ${i}: VPN error 809 from home` },
  );
  const h = await createHandoff(
    { db, actor: tech, now: new Date() },
    { kickAssessments: () => {}, kickDeliveries: () => testApp.deliveries.kick() },
    view.session.id,
    { intent: 'escalate' },
  );
  return slack
    .waitFor('the posted message', () =>
      slack.messages().find((m) => JSON.stringify(m.blocks).includes(h.id)),
    )
    .then((message) => ({ handoffId: h.id, message }));
}

const timings: number[] = [];
for (let i = 0; i < WARMUP + RUNS; i++) {
  const { handoffId, message } = await postedEscalation(i);
  const body = blockActionsBody({
    ws,
    userId: `USENIOR${i % SENIORS}`,
    channel: message.channel,
    messageTs: message.ts,
    actionId: 'claim_handoff',
    value: handoffId,
  });
  const started = performance.now();
  const res = await fetch(`${server.url}/api/v1/integrations/slack/interactions`, {
    method: 'POST',
    headers: slackHeaders(SECRET, body),
    body,
  });
  if (res.status !== 200) throw new Error(`click answered ${res.status}: ${await res.text()}`);
  await slack.waitFor('the message update', () => message.updates === 1);
  if (i >= WARMUP) timings.push(performance.now() - started);
}

const s = summarize(timings);
const ms = (x: number) => `${x.toFixed(1)} ms`;
console.log(
  `Slack click → message updated (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, ${s.n} clicks after ${WARMUP} warm-up): ` +
    `p50 ${ms(s.p50)}, p90 ${ms(s.p90)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`,
);
await testApp.deliveries.stop();
await testApp.assessments.stop();
await server.close();
await slack.close();
await drop();
