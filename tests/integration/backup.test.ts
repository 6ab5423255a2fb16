import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBackup, encodeBackup } from '../../server/db/backup/archive';
import { onPostgres } from '../helpers/db';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { CLI_ARGS } from '../helpers/server-build';
import { TestClient } from '../helpers/test-client';

const DEMO_PASSWORD = 'demo-password';
const CLI_TIMEOUT_MS = 120_000;

type CliRun = { status: number | null; stdout: string; stderr: string };

/** Runs `npm run cli -- …` as its own process without blocking this one (requests go on meanwhile). */
function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const childEnv: Record<string, string | undefined> = { ...process.env, LOG_LEVEL: 'silent', ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_ARGS, ...args], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Every file under `dir` with its size and modification time: equal listings mean nothing changed. */
function folderState(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const s = statSync(join(dir, name));
      return s.isDirectory() ? `${name}/` : `${name} ${s.size} ${s.mtimeMs}`;
    });
}

describe('backup and restore on PostgreSQL', () => {
  it('are refused with the pg_dump / pg_restore commands, doing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rf-backup-pg-'));
    // The refusal comes before any connection: an unreachable server shows nothing is attempted.
    const env = {
      DATABASE_URL: process.env.DATABASE_URL || 'postgres://rf@127.0.0.1:9/unreachable',
      DATA_DIR: dir,
    };
    try {
      for (const command of ['backup', 'restore']) {
        const run = await cli([command, join(dir, 'copy.bak')], env);
        expect(run.status, run.stderr).toBe(1);
        expect(run.stderr).toMatch(/PostgreSQL/);
        expect(run.stderr).toMatch(/pg_dump --format=custom/);
        expect(run.stderr).toMatch(/pg_restore/);
        expect(readdirSync(dir)).toEqual([]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.skipIf(onPostgres)(
  'embedded database backup and restore (PGlite only: on PostgreSQL the commands refuse, tested above)',
  () => {
    let server: ServerProcess;
    let restored: ServerProcess | undefined;
    let work = '';
    let backupFile = '';

    beforeAll(async () => {
      // Made here, not when the file is collected: a skipped suite runs no afterAll to remove it.
      work = mkdtempSync(join(tmpdir(), 'rf-backup-'));
      backupFile = join(work, 'resolutionflow.bak');
      server = await startServerProcess(); // a fresh data folder, seeded with the demo
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      await restored?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('a backup taken while the server runs and answers requests restores into a fresh folder; a server serves it', async () => {
      const owner = await TestClient.signIn(server.url, 'owner@northwind.test', DEMO_PASSWORD);
      const tech = await TestClient.signIn(server.url, 'tech@northwind.test', DEMO_PASSWORD);
      // An account change: Tara Tech becomes an engineer.
      const members = await owner.get('/api/v1/members');
      const tara = members.body.items.find((m: { email: string }) => m.email === 'tech2@northwind.test');
      expect((await owner.patch(`/api/v1/members/${tara.id}`, { role: 'engineer' })).status).toBe(200);
      // A troubleshooting session, escalated.
      const session = await tech.post('/api/v1/sessions', {
        problem: 'Outlook keeps asking for the password on every laptop since this morning',
      });
      expect(session.status).toBe(201);
      const sessionId: string = session.body.session.id;
      const handoff = await tech.post(`/api/v1/sessions/${sessionId}/handoffs`, {
        intent: 'escalate',
        engineer_notes: 'Cleared the credential cache, no change',
      });
      expect(handoff.status).toBe(201);
      const handoffId: string = handoff.body.handoff.id;

      // The backup runs while the tech keeps opening sessions.
      const backup = cli(['backup', backupFile], { DATA_DIR: server.dataDir });
      let backupDone = false;
      void backup.then(() => (backupDone = true));
      const during: { status: number; id?: string }[] = [];
      while (!backupDone) {
        const res = await tech.post('/api/v1/sessions', {
          problem: `Printer queue stuck on floor ${during.length}`,
        });
        during.push({ status: res.status, id: res.body?.session?.id });
        // A tech's pace, not a flood: the point is that requests are answered during the backup.
        await new Promise((r) => setTimeout(r, 200));
      }
      const run = await backup;
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Backup written to .*resolutionflow\.bak .* from the running server/);
      expect(during.length).toBeGreaterThan(0);
      expect(during.filter((r) => r.status !== 201)).toEqual([]);
      // Written under its own name only when complete, readable by its owner only.
      expect(readdirSync(work)).toEqual(['resolutionflow.bak']);
      expect(statSync(backupFile).mode & 0o777).toBe(0o600);
      const { manifest } = decodeBackup(readFileSync(backupFile));
      expect(manifest.migrations.length).toBeGreaterThan(0);

      // A good backup, but the server holds the folder: refused, and the server goes on serving.
      const refused = await cli(['restore', backupFile], { DATA_DIR: server.dataDir });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(
        /Restore refused, nothing was changed: .*in use by another ResolutionFlow process \(PID \d+\)/,
      );
      expect(readdirSync(server.dataDir).filter((n) => n.startsWith('pglite.'))).toEqual([]);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

      // Made after the copy: must not come back.
      const later = await tech.post('/api/v1/sessions', {
        problem: 'VPN drops every ten minutes for the sales team',
      });
      expect(later.status).toBe(201);
      await server.stop({ keepData: true });

      const freshDir = join(work, 'restored-data');
      const restore = await cli(['restore', backupFile], { DATA_DIR: freshDir });
      expect(restore.status, restore.stderr).toBe(0);
      expect(restore.stdout).toMatch(/Restored the backup of /);
      expect(readdirSync(freshDir).sort()).toEqual(['pglite']); // no lock, staging or spare folder left

      restored = await startServerProcess({}, { port: await freePort(), dataDir: freshDir });
      const ownerThere = owner.at(restored.url);
      const techThere = tech.at(restored.url); // sign-in sessions are data too: the cookie still works
      expect((await techThere.get('/api/v1/me')).status).toBe(200);
      const restoredMembers = await ownerThere.get('/api/v1/members');
      expect(restoredMembers.body.items.find((m: { id: string }) => m.id === tara.id).role).toBe('engineer');
      const restoredSession = await techThere.get(`/api/v1/sessions/${sessionId}`);
      expect(restoredSession.status).toBe(200);
      expect(restoredSession.body.session.status).toBe('requesting_escalation');
      const restoredHandoff = await ownerThere.get(`/api/v1/handoffs/${handoffId}`);
      expect(restoredHandoff.status).toBe(200);
      expect(restoredHandoff.body.handoff.engineer_notes).toBe('Cleared the credential cache, no change');
      // Sessions opened during the backup are each either wholly there or absent; the later one is absent.
      for (const r of during)
        expect([200, 404]).toContain((await techThere.get(`/api/v1/sessions/${r.id}`)).status);
      expect((await techThere.get(`/api/v1/sessions/${later.body.session.id}`)).status).toBe(404);
      // And the restored server serves: new work is accepted.
      expect(
        (await techThere.post('/api/v1/sessions', { problem: 'Teams calls cut out after a minute' })).status,
      ).toBe(201);
    }, 400_000);

    it('restore refuses a file that is not a backup, a damaged, a hollow and a newer one, leaving the folder as it was', async () => {
      const dataDir = server.dataDir; // stopped above, its data kept
      const db = join(dataDir, 'pglite');
      const before = folderState(db);
      const good = readFileSync(backupFile);
      const { manifest, payload } = decodeBackup(good);
      const cases: [string, Buffer, RegExp][] = [
        [
          'garbage.bak',
          Buffer.from('PGDMP this is not what you think it is\n'.repeat(100)),
          /does not start with the backup header/,
        ],
        ['cut.bak', good.subarray(0, Math.floor(good.length / 2)), /cut short or altered/],
        [
          'newer.bak',
          encodeBackup(
            {
              created_at: manifest.created_at,
              postgres_version: manifest.postgres_version,
              migrations: [...manifest.migrations, '9999_from_the_future'],
            },
            payload,
          ),
          /newer version of ResolutionFlow .*9999_from_the_future/,
        ],
        [
          // Intact file, checksum and all, around data that is no database: opening it fails.
          'hollow.bak',
          encodeBackup(
            {
              created_at: manifest.created_at,
              postgres_version: manifest.postgres_version,
              migrations: manifest.migrations,
            },
            gzipSync(Buffer.from('no data folder in here')),
          ),
          /could not be opened/,
        ],
      ];
      for (const [name, bytes, reason] of cases) {
        const file = join(work, name);
        writeFileSync(file, bytes);
        const run = await cli(['restore', file], { DATA_DIR: dataDir });
        expect(run.status, name).toBe(1);
        expect(run.stderr, name).toMatch(reason);
        expect(run.stderr, name).toMatch(/Nothing was changed/);
      }
      expect(readdirSync(dataDir).filter((n) => n.startsWith('pglite.'))).toEqual([]);
      expect(folderState(db)).toEqual(before);
    }, 300_000);

    it('with no server running, backup opens the folder itself; restoring over a database keeps the old one aside', async () => {
      const dataDir = server.dataDir;
      const offline = join(work, 'offline.bak');
      const run = await cli(['backup', offline], { DATA_DIR: dataDir });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/from the data folder/);
      expect(existsSync(join(dataDir, 'resolutionflow.lock'))).toBe(false);

      const restore = await cli(['restore', backupFile], { DATA_DIR: dataDir });
      expect(restore.status, restore.stderr).toBe(0);
      const aside = readdirSync(dataDir).filter((n) => n.startsWith('pglite.'));
      expect(aside).toEqual([expect.stringMatching(/^pglite\.before-restore-/)]);
      expect(restore.stdout).toContain(aside[0]);
      expect(existsSync(join(dataDir, aside[0]!, 'PG_VERSION'))).toBe(true);
    }, 300_000);
  },
);
