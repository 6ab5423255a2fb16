import { asSystem } from '../db/tenant';
import type { Database } from '../db/types';
import { countAccounts } from '../modules/accounts/accounts.repo';
import { createAccount } from '../modules/accounts/accounts.service';
import { seedDemoEscalations } from './demo-escalations';
import { seedDemoHistory } from './demo-history';
import { seedDemoSessions } from './demo-sessions';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-users';

/** What later seed steps receive: the ids of the demo accounts and their users by email. */
export type DemoContext = {
  db: Database;
  now: Date;
  accounts: {
    accountId: string;
    name: string;
    usersByEmail: Map<string, { id: string; role: string; name: string }>;
  }[];
};

/**
 * Each capability adds its demo rows as one step here (sessions, escalations, analytics...), run in
 * order after the accounts exist. The bulk history comes last, so the steps that go through the
 * services (and the engine) behave exactly as on an account without it.
 */
type SeedStep = (ctx: DemoContext) => Promise<void>;
const SEED_STEPS: SeedStep[] = [seedDemoSessions, seedDemoEscalations, seedDemoHistory];

export async function isDatabaseEmpty(db: Database) {
  return (await asSystem(db, 'seed', countAccounts)) === 0;
}

export async function seedDemo(db: Database, now = new Date()): Promise<DemoContext> {
  // The configuration already turns seeding off in production (config.seedDemo); this is the second
  // lock, so no other caller can fill a production database with invented history.
  if (process.env.NODE_ENV === 'production') throw new Error('The demo is never seeded in production');
  const ctx: DemoContext = { db, now, accounts: [] };
  for (const account of DEMO_ACCOUNTS) {
    const created = await createAccount(
      db,
      { name: account.name, users: account.users.map((u) => ({ ...u, password: DEMO_PASSWORD })) },
      now,
    );
    ctx.accounts.push({
      accountId: created.accountId,
      name: account.name,
      usersByEmail: new Map(created.users.map((u) => [u.email, { id: u.id, role: u.role, name: u.name }])),
    });
  }
  for (const step of SEED_STEPS) await step(ctx);
  return ctx;
}

export function demoLoginsText(): string {
  const lines = DEMO_ACCOUNTS.flatMap((a) => [
    `  ${a.name}:`,
    ...a.users.map((u) => `    ${u.email.padEnd(26)} ${u.role}`),
  ]);
  return `Demo logins (password "${DEMO_PASSWORD}"):\n${lines.join('\n')}`;
}
