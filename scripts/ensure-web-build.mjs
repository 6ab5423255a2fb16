// Builds the web app when web/dist is missing or older than its sources, so `npm start` on a fresh
// clone serves the UI while a warm restart skips the build.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (dir) => {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
};

const built = 'web/dist/index.html';
const sources = Math.max(
  newest('web/src'),
  newest('shared'),
  statSync('web/index.html').mtimeMs,
  statSync('web/vite.config.ts').mtimeMs,
);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('Building the web app…');
  execSync('npm run build', { stdio: 'inherit' });
}
