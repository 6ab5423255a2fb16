import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { lockDataDir } from '../../server/db/open';
import { SERVER_ARGS } from '../helpers/server-build';

describe('configuration', () => {
  it('runs in embedded mode with nothing set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      dataDir: './data',
      databaseUrl: undefined,
      seedDemo: true,
      isProduction: false,
    });
    expect(c.ai.provider).toBe('builtin');
    expect(c.ai.assessmentTimeoutMs).toBe(5000);
  });

  it('refuses production without DATABASE_URL, SESSION_SECRET and a mail transport, naming each', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' });
    } catch (err) {
      expect((err as Error).message).toMatch(/SESSION_SECRET/);
      expect((err as Error).message).toMatch(/SMTP_URL/);
      expect((err as Error).message).not.toMatch(/DATABASE_URL/);
    }
    const ok = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@h/db',
      SESSION_SECRET: 's'.repeat(40),
      SMTP_URL: 'smtp://mail.example:587',
    });
    expect(ok.seedDemo).toBe(false);
  });

  it('rejects malformed values with the variable name', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ AI_PROVIDER: 'magic' })).toThrow(/AI_PROVIDER/);
  });
});

describe('embedded data folder lock', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a second holder of the same folder is refused with the folder and the PID', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rf-lock-'));
    dirs.push(dir);
    const unlock = lockDataDir(dir);
    // Simulate another live process owning the lock: the parent of this test process.
    writeFileSync(join(dir, 'resolutionflow.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(
      new RegExp(`${dir.replace(/[/.]/g, '\\$&')}.*PID ${process.ppid}`),
    );
    unlock();
  });

  it('a stale lock left by a dead process is taken over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rf-lock-'));
    dirs.push(dir);
    const dead = spawnSync('true').pid!;
    writeFileSync(join(dir, 'resolutionflow.lock'), String(dead));
    const unlock = lockDataDir(dir);
    unlock();
  });

  it('a second server process on the same DATA_DIR exits at once naming the folder and PID', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rf-data-'));
    dirs.push(dir);
    const env = { ...process.env, DATA_DIR: dir, PORT: '0', SEED_DEMO: 'off', LOG_LEVEL: 'warn' };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    const first = spawn(process.execPath, SERVER_ARGS, { env });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('first server did not start')), 60_000);
        first.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('is running at')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const second = spawnSync(process.execPath, SERVER_ARGS, {
        env,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(dir);
      expect(second.stderr).toContain(`PID ${first.pid}`);
    } finally {
      first.kill('SIGTERM');
      await new Promise((r) => first.once('exit', r));
    }
  }, 90_000);
});
