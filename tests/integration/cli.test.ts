import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../server/db/pglite';
import { createTestApp } from '../helpers/app';
import { CLI_ARGS } from '../helpers/server-build';
import { TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';

function cli(args: string[], input: string, env: Record<string, string>) {
  const childEnv: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'silent', ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  return spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    input,
    env: childEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('production CLI: create-account', () => {
  let t: TestDatabase | undefined;
  let dataDir = '';
  let env: Record<string, string>;
  beforeAll(async () => {
    if (onPostgres) {
      t = await createTestDatabase();
      env = { DATABASE_URL: t.url! };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'rf-cli-'));
      env = { DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await t?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates an account and its owner with the password from standard input; the owner can sign in', async () => {
    const run = cli(
      [
        'create-account',
        '--name',
        'Acme IT',
        '--owner-email',
        'Owner@Acme.example',
        '--owner-name',
        'Ada Owner',
      ],
      'a-strong-password\n',
      env,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Created account "Acme IT" .* with owner owner@acme\.example/);
    const db = t ? t.db : await openPglite(join(dataDir, 'pglite'));
    const c = new TestClient(createTestApp(db).app);
    const res = await c.post('/api/v1/auth/login', {
      email: 'owner@acme.example',
      password: 'a-strong-password',
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'owner', name: 'Ada Owner' });
    expect(res.body.account.name).toBe('Acme IT');
    if (!t) await db.close();
    // A fresh embedded database is migrated by the child process first.
  }, 90_000);

  it('refuses bad input with a usage message and exit code 1', () => {
    const noEmail = cli(['create-account', '--name', 'X'], 'a-strong-password\n', env);
    expect(noEmail.status).toBe(1);
    expect(noEmail.stderr).toMatch(/owner-email/);
    const weak = cli(['create-account', '--name', 'X', '--owner-email', 'x@example.test'], 'short\n', env);
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/at least 10 characters/);
    const unknown = cli(['destroy-everything'], '', env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/Usage/);
  });

  it('refuses an email that already exists', () => {
    const again = cli(
      ['create-account', '--name', 'Acme Again', '--owner-email', 'owner@acme.example'],
      'a-strong-password\n',
      env,
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });
});
