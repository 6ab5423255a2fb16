import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as gunzipCb } from 'node:zlib';
import { z } from 'zod';
import type { Database } from '../types';
import { readFolder, writeFolder } from './data-folder';
import { readTar, writeTarGz } from './tar';

const gunzip = promisify(gunzipCb);

/**
 * A backup file is: this header line, one line of JSON (the manifest), then the gzipped tar of the
 * embedded data folder. The readable first line lets `head -n 2 FILE` say what the file is.
 */
const MAGIC = Buffer.from('ResolutionFlow embedded database backup\n');
export const BACKUP_FORMAT_VERSION = 1;
const MAX_MANIFEST_BYTES = 64 * 1024;

const Manifest = z.object({
  format_version: z.literal(BACKUP_FORMAT_VERSION),
  created_at: z.string().datetime(),
  postgres_version: z.string().min(1),
  /** Every migration applied to the database when it was copied: restore refuses unknown ones. */
  migrations: z.array(z.string().min(1)),
  payload: z.object({
    encoding: z.literal('tar+gzip'),
    bytes: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});
export type BackupManifest = z.infer<typeof Manifest>;

/** The file is not a backup this version can read; the message says why. */
export class NotABackupError extends Error {}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Builds a backup file's bytes around an already compressed data-folder archive. */
export function encodeBackup(
  info: Pick<BackupManifest, 'created_at' | 'postgres_version' | 'migrations'>,
  payload: Buffer,
) {
  const manifest: BackupManifest = {
    format_version: BACKUP_FORMAT_VERSION,
    ...info,
    payload: { encoding: 'tar+gzip', bytes: payload.length, sha256: sha256(payload) },
  };
  return Buffer.concat([MAGIC, Buffer.from(`${JSON.stringify(manifest)}\n`), payload]);
}

/** Reads and checks a backup file: header, manifest, payload length and checksum. */
export function decodeBackup(file: Buffer): { manifest: BackupManifest; payload: Buffer } {
  if (file.length < MAGIC.length || !file.subarray(0, MAGIC.length).equals(MAGIC))
    throw new NotABackupError('it does not start with the backup header');
  const end = file.indexOf(0x0a, MAGIC.length);
  if (end < 0 || end - MAGIC.length > MAX_MANIFEST_BYTES)
    throw new NotABackupError('its manifest is missing or cut short');
  let raw: unknown;
  try {
    raw = JSON.parse(file.subarray(MAGIC.length, end).toString('utf8'));
  } catch {
    throw new NotABackupError('its manifest is not valid JSON');
  }
  const version = (raw as { format_version?: unknown } | null)?.format_version;
  if (typeof version === 'number' && version > BACKUP_FORMAT_VERSION)
    throw new NotABackupError(
      `it uses backup format ${version}, newer than this version of ResolutionFlow reads (${BACKUP_FORMAT_VERSION}); upgrade first`,
    );
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success)
    throw new NotABackupError(
      `its manifest is invalid (${parsed.error.issues.map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`).join('; ')})`,
    );
  const manifest = parsed.data;
  const payload = file.subarray(end + 1);
  if (payload.length !== manifest.payload.bytes)
    throw new NotABackupError(
      `it holds ${payload.length} bytes of data where its manifest announces ${manifest.payload.bytes} (cut short or altered)`,
    );
  if (sha256(payload) !== manifest.payload.sha256)
    throw new NotABackupError('its data does not match its checksum (the file is damaged)');
  return { manifest, payload };
}

/**
 * Copies an open embedded database, whose files are in `folder`, into backup-file bytes. The files
 * are read while PGlite runs no statement (requests wait a moment; the process keeps answering):
 * every commit is in the write-ahead log by then, so the copy is what a power cut would have left,
 * which PostgreSQL opens by replaying the log. The CHECKPOINT first keeps that replay short. The
 * migrations are read before: the server migrates only at start, so they cannot change meanwhile.
 */
export async function createBackup(db: Database, folder: string): Promise<Buffer> {
  if (!db.exclusive) throw new Error('Only the embedded database can be copied into a backup file');
  const migrations = (
    await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')
  ).rows.map((r) => r.version);
  const version = (await db.query<{ server_version: string }>('SHOW server_version')).rows[0]!;
  await db.exec('CHECKPOINT');
  const entries = await db.exclusive(() => readFolder(folder));
  const payload = await writeTarGz(entries);
  return encodeBackup(
    { created_at: new Date().toISOString(), postgres_version: version.server_version, migrations },
    payload,
  );
}

/** Unpacks a decoded backup's data folder into `folder`, which must not exist yet. */
export async function unpackBackup(payload: Buffer, folder: string): Promise<void> {
  await writeFolder(folder, readTar(await gunzip(payload)));
}
