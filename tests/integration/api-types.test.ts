import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from '../../scripts/api-types';

/** The first line where two texts differ, as "line N: <committed> ≠ <fresh>" (1-based). */
function firstDifference(committed: string, fresh: string): string {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const n = i === -1 ? a.length : i;
  return `line ${n + 1}: ${JSON.stringify(a[n] ?? '<end>')} ≠ ${JSON.stringify(b[n] ?? '<end>')}`;
}

describe('the web client types (web/src/api/schema.gen.ts)', () => {
  it('match the OpenAPI document the server serves', async () => {
    const committed = await readFile(API_TYPES_FILE, 'utf8');
    const fresh = await renderApiTypes();
    if (committed !== fresh) {
      expect.fail(
        `web/src/api/schema.gen.ts is stale (${firstDifference(committed, fresh)}): run \`npm run api:generate\``,
      );
    }
  });
});
