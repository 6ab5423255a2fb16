// Writes web/src/api/schema.gen.ts from the server's OpenAPI document (no server or database needed).
// Usage: npm run api:generate — after changing a route's request or response schema.
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { API_TYPES_FILE, renderApiTypes } from './api-types';

const next = await renderApiTypes();
const current = await readFile(API_TYPES_FILE, 'utf8').catch(() => null);
const name = relative(process.cwd(), API_TYPES_FILE);
if (current === next) {
  console.log(`${name} is up to date`);
} else {
  await writeFile(API_TYPES_FILE, next);
  console.log(`wrote ${name}`);
}
