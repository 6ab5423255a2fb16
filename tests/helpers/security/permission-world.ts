import { expect } from 'vitest';
import type { Database } from '../../../server/db/types';
import type { TestApp } from '../app';
import type { TestClient } from '../test-client';
import { createTestAccount, type TestUser } from '../factories';
import { sessionFor } from './members';
import type { Psa } from './psa';

/** The members of the permission suite's account: one per role, and the people fixtures tie to objects. */
const TEAM = {
  owner: 'owner',
  admin: 'admin',
  engineer: 'engineer',
  tech: 'tech',
  viewer: 'viewer',
  techAuthor: 'tech',
  seniorAuthor: 'engineer',
  claimer: 'engineer',
} as const;
export type WorldUser = keyof typeof TEAM;

export type PermissionWorld = {
  app: TestApp['app'];
  db: Database;
  appUrl: string;
  accountId: string;
  users: Record<WorldUser, TestUser>;
  /** Clients used to prepare objects (never the ones under test). */
  setup: Record<'owner' | 'techAuthor' | 'seniorAuthor' | 'claimer', TestClient>;
  psa: Psa;
};

/** What a call is made against: its path, query and body, and who stands in the relations of SPEC §2. */
export type Target = {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** A body sent as is with its headers (multipart uploads), for operations without a JSON body. */
  raw?: string;
  headers?: Record<string, string>;
  author?: TestUser;
  claimer?: TestUser;
  /** Calls that spend their caller (leaving the account) name a fresh member of the subject's role. */
  caller?: TestUser;
};

export async function buildPermissionWorld(testApp: TestApp, psa: Psa): Promise<PermissionWorld> {
  const { app, db, config } = testApp;
  const acct = await createTestAccount(db, TEAM, 'Permissions MSP');
  const client = (key: WorldUser) =>
    sessionFor(app, db, { id: acct.users[key].id, accountId: acct.accountId });
  return {
    app,
    db,
    appUrl: config.appUrl,
    accountId: acct.accountId,
    users: acct.users,
    setup: {
      owner: await client('owner'),
      techAuthor: await client('techAuthor'),
      seniorAuthor: await client('seniorAuthor'),
      claimer: await client('claimer'),
    },
    psa,
  };
}

/** Awaits a setup request and insists on its status. */
export async function ok(res: Promise<{ status: number; text: string; body: any }>, status: number) {
  const r = await res;
  expect(r.status, `fixture setup: ${r.text}`).toBe(status);
  return r.body;
}

/** Who a fixture is prepared for: a role, a relation of SPEC §2, or nobody signed in. */
export type Subject = 'anonymous' | WorldUser | 'author';
/** Prepares a fresh target for one call (reads share one). */
export type Fixture = (w: PermissionWorld, subject: Subject) => Promise<Target>;
