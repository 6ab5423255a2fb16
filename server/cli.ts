import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config';
import { BackupError, backupEmbedded, restoreEmbedded } from './db/backup/embedded-backup';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open';
import { AppError } from './lib/app-error';
import { createAccount } from './modules/accounts/accounts.service';
import { MIN_PASSWORD_LENGTH } from './modules/auth/passwords';

const USAGE = `Usage:
  npm run cli -- create-account --name "Acme IT" --owner-email owner@acme.example [--owner-name "Ada Owner"]
  npm run cli -- backup FILE      copy the embedded database (DATA_DIR) into FILE, also while the server runs
  npm run cli -- restore FILE     replace the embedded database with the backup in FILE (server stopped)

The owner's password is read from standard input when it is piped, otherwise prompted for (not echoed).`;

const POSTGRES_BACKUPS = `This installation uses PostgreSQL (DATABASE_URL is set): back it up with PostgreSQL's own tools.
  pg_dump --format=custom --file=resolutionflow.dump "$DATABASE_URL"
  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" resolutionflow.dump
See "Backups" in README.md. Nothing was done.`;

/** Reads the password: piped stdin (one line), or a TTY prompt with echo muted. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.split(/\r?\n/)[0] ?? '';
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write('Owner password: ');
  muted._writeToOutput = () => {};
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function createAccountCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      'owner-email': { type: 'string' },
      'owner-name': { type: 'string' },
    },
  });
  const input = z
    .object({
      name: z.string().trim().min(1, 'is required').max(200),
      'owner-email': z.email('must be an email address'),
      'owner-name': z.string().trim().min(1).max(200).optional(),
    })
    .safeParse(values);
  if (!input.success)
    throw new UsageError(input.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('\n'));
  const password = await readPassword();
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UsageError(`The password needs at least ${MIN_PASSWORD_LENGTH} characters`);

  const config = loadConfig();
  const { db, close } = await openDatabase(config);
  try {
    await migrate(db);
    const email = input.data['owner-email'].toLowerCase();
    const result = await createAccount(db, {
      name: input.data.name,
      users: [{ email, name: input.data['owner-name'] ?? email.split('@')[0]!, role: 'owner', password }],
    });
    process.stdout.write(`Created account "${input.data.name}" (${result.accountId}) with owner ${email}\n`);
  } finally {
    await close();
  }
}

/** `backup FILE` and `restore FILE`: the embedded database only; PostgreSQL has pg_dump. */
async function backupCommand(command: 'backup' | 'restore', args: string[]) {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new UsageError(`${command} needs exactly one FILE`);
  const config = loadConfig();
  if (config.databaseUrl) throw new BackupError(POSTGRES_BACKUPS);
  const run = command === 'backup' ? backupEmbedded : restoreEmbedded;
  process.stdout.write(`${await run(config.dataDir, positionals[0]!)}\n`);
}

class UsageError extends Error {}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'create-account') await createAccountCommand(rest);
  else if (command === 'backup' || command === 'restore') await backupCommand(command, rest);
  else throw new UsageError(command ? `Unknown command "${command}"` : 'No command given');
} catch (err) {
  if (err instanceof UsageError) process.stderr.write(`${err.message}\n\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof AppError || err instanceof BackupError)
    process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
}
