// Compiles the server to plain JavaScript in dist/server, so it runs on `node` alone: no tsx or
// esbuild process stays alive while serving, and a start does not transform TypeScript first.
// Packages stay in node_modules (not bundled); source maps point stack traces at the .ts files.
// Skips the build when dist/server is newer than every server and shared source (`--force` builds).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { newestMtime } from './lib/newest-mtime.mjs';

// The knowledge library is compiled too: validated and indexed here, read as one file at start (the
// server falls back to the YAML when the file is older than any knowledge file or engine source).
const OUT = 'dist/server';
const ENTRIES = {
  main: 'server/main.ts',
  cli: 'server/cli.ts',
  'migrate-cli': 'server/db/migrate-cli.ts',
  'knowledge-compile': 'server/ai/builtin/compile-knowledge.ts',
};
const STAMP = join(OUT, 'main.js');
const KNOWLEDGE = 'knowledge-base.bin';

const compileKnowledge = (dir) =>
  execFileSync(process.execPath, [join(dir, 'knowledge-compile.js'), join(dir, KNOWLEDGE)], {
    stdio: 'inherit',
  });

const sources = Math.max(newestMtime('server'), newestMtime('shared'), statSync('package-lock.json').mtimeMs);
if (!process.argv.includes('--force') && existsSync(STAMP) && statSync(STAMP).mtimeMs >= sources) {
  // The code is current; only the knowledge may have changed since.
  const compiled = join(OUT, KNOWLEDGE);
  if (!existsSync(compiled) || statSync(compiled).mtimeMs < newestMtime('knowledge')) compileKnowledge(OUT);
  process.exit(0);
}

const started = Date.now();
// Built beside the final folder and swapped in, so a server starting meanwhile never sees half of it.
const partial = `${OUT}.${process.pid}.partial`;
await build({
  entryPoints: ENTRIES,
  outdir: partial,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  // Stack traces need only the mappings; the embedded sources would stay in memory for nothing.
  sourcesContent: false,
  logLevel: 'warning',
});
// The migrator reads its SQL files from beside its own module.
cpSync('server/db/migrations', join(partial, 'migrations'), { recursive: true });
cpSync('server/db/security.sql', join(partial, 'security.sql'));
compileKnowledge(partial);
const previous = `${OUT}.${process.pid}.previous`;
if (existsSync(OUT)) renameSync(OUT, previous);
renameSync(partial, OUT);
rmSync(previous, { recursive: true, force: true });
console.log(`Built the server into ${OUT} in ${Date.now() - started} ms`);
