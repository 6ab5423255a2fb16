import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import type { ForegroundActivity } from '../../server/jobs/foreground';
import { createLogger } from '../../server/lib/logger';
import { newId } from '../../server/lib/crypto';
import type { Ctx } from '../../server/modules/context';
import { insertImport, renewLeases, type ImportKind } from '../../server/modules/knowledge/imports.repo';
import { FileImportRunner, INTERRUPTED } from '../../server/modules/knowledge/import/file-import-runner';
import { startFileImport } from '../../server/modules/knowledge/import/file-import.service';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount, type TestAccount } from '../helpers/factories';

const logger = createLogger('silent');
const markdown = (n: number) => ({
  name: `note-${n}.md`,
  bytes: Buffer.from(`# Note ${n}\n\nText number ${n}.`),
});

/** The runner on its own: progress batch by batch, shutdown, and imports a dead process left behind. */
describe(`file import runner (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let acct: TestAccount;
  let ctx: Ctx;

  beforeAll(async () => {
    t = await createTestDatabase();
    acct = await createTestAccount(t.db, { engineer: 'engineer' });
    const u = acct.users.engineer!;
    ctx = { db: t.db, actor: { ...u, accountId: acct.accountId }, now: new Date() };
  });
  afterAll(() => t.drop());

  type Row = { status: string; total: number; done: number; imported: number; error: string | null };
  const COLUMNS = 'status, total, done, imported, error';
  const row = async (id: string) =>
    (await t.db.query<Row>(`SELECT ${COLUMNS} FROM knowledge_imports WHERE id = $1`, [id])).rows[0]!;
  /** The one import running (the runner takes one upload at a time). */
  const running = async () =>
    (await t.db.query<Row>(`SELECT ${COLUMNS} FROM knowledge_imports WHERE status = 'running'`)).rows[0]!;
  /** Called by the runner after each saved batch: what GET would show at that moment. */
  const watching = (onBatch: () => Promise<void>) => ({ giveWay: onBatch }) as unknown as ForegroundActivity;

  it('records progress after every batch, so the import can be watched', async () => {
    const seen: Row[] = [];
    const runner = new FileImportRunner({
      db: t.db,
      logger,
      batchSize: 2,
      foreground: watching(async () => void seen.push(await running())),
    });
    const { id } = await startFileImport(ctx, [1, 2, 3, 4, 5].map(markdown), runner);
    await runner.idle();
    expect(seen.map((s) => [s.status, s.done, s.imported])).toEqual([
      ['running', 0, 0],
      ['running', 2, 2],
      ['running', 4, 4],
      ['running', 5, 5],
    ]);
    expect(await row(id)).toMatchObject({ status: 'done', total: 5, done: 5, imported: 5, error: null });
  });

  it('marks an import cut short by shutdown as interrupted', async () => {
    const runner: FileImportRunner = new FileImportRunner({
      db: t.db,
      logger,
      batchSize: 1,
      // Shut down right after the first file is saved; stop() waits for the runner, so it is not awaited here.
      foreground: watching(async () => {
        if ((await running()).done === 1) void runner.stop();
      }),
    });
    const { id } = await startFileImport(ctx, [6, 7, 8].map(markdown), runner);
    await runner.idle();
    expect(await row(id)).toMatchObject({ status: 'failed', done: 1, error: INTERRUPTED });
  });

  it('fails the file imports a dead process left, and leaves live and PSA imports alone', async () => {
    const now = new Date();
    const make = (kind: ImportKind, leaseUntil: Date | null) =>
      withTenant(t.db, acct.accountId, async (tx) => {
        const id = newId();
        await insertImport(tx, { id, accountId: acct.accountId, kind, total: 3, userId: ctx.actor.id, now });
        if (leaseUntil) await renewLeases(tx, [id], leaseUntil);
        return id;
      });
    const orphan = await make('files', null);
    const expired = await make('files', new Date(now.getTime() - 1000));
    const live = await make('files', new Date(now.getTime() + 60_000));
    const psa = await make('psa_history', null);

    const runner = new FileImportRunner({ db: t.db, logger });
    await runner.start();
    await runner.stop();
    expect(await row(orphan)).toMatchObject({ status: 'failed', error: INTERRUPTED });
    expect(await row(expired)).toMatchObject({ status: 'failed', error: INTERRUPTED });
    expect(INTERRUPTED).toBe('Interrupted by a restart: upload the files again');
    expect(await row(live)).toMatchObject({ status: 'queued', error: null });
    expect(await row(psa)).toMatchObject({ status: 'queued', error: null });
  });
});
