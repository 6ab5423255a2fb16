// Builds the web app when web/dist is missing or older than its sources, so `npm start` on a fresh
// clone serves the UI while a warm restart skips the build.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { newestMtime } from './lib/newest-mtime.mjs';

const built = 'web/dist/index.html';
const sources = Math.max(
  newestMtime('web/src'),
  newestMtime('shared'),
  statSync('web/index.html').mtimeMs,
  statSync('web/vite.config.ts').mtimeMs,
);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('Building the web app…');
  execSync('npm run build', { stdio: 'inherit' });
}
