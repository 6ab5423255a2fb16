import { expect } from 'vitest';
import { ok, type Fixture, type PermissionWorld } from './permission-world';

// Permission fixtures for the PSA history import: the account's connection saved again (a rule may
// have removed it) and an import of the account to read. One import runs at a time per account and
// the suites never run the worker, so a later start answers 409 naming the one still queued.

async function connected(w: PermissionWorld) {
  await ok(w.setup.owner.request('PUT', '/api/v1/psa/connection', w.psa.connection()), 200);
}

export const PSA_HISTORY_FIXTURES = {
  psaHistoryImport: async (w) => {
    await connected(w);
    const res = await w.setup.owner.post('/api/v1/psa/history-import', {});
    const id = res.status === 202 ? res.body.import.id : res.body.import_id;
    expect(id, res.text).toEqual(expect.any(String));
    return { params: { id } };
  },
} satisfies Record<string, Fixture>;
