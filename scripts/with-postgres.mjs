// Runs a command with DATABASE_URL pointing at PostgreSQL: the given one, or a throw-away cluster
// started for the run and stopped after it.
import { execFileSync, spawnSync } from 'node:child_process';

const [cmd, ...args] = process.argv.slice(2);
let url = process.env.DATABASE_URL;
let started = false;
if (!url) {
  url = execFileSync('scripts/pg-cluster.sh', ['start'], { encoding: 'utf8' }).trim();
  started = true;
}
const result = spawnSync(cmd, args, {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url },
  shell: false,
});
if (started) execFileSync('scripts/pg-cluster.sh', ['stop']);
process.exit(result.status ?? 1);
