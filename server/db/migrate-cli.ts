import { loadConfig } from '../config';
import { migrate } from './migrate';
import { openDatabase } from './open';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded DATA_DIR) and exits. */
const config = loadConfig();
const { db, close } = await openDatabase(config);
try {
  const report = await migrate(db);
  process.stdout.write(
    report.applied.length
      ? `Applied ${report.applied.join(', ')}\n`
      : `Up to date (${report.total} migrations)\n`,
  );
} finally {
  await close();
}
