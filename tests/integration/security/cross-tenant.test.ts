import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/app';
import type { TestClient } from '../../helpers/test-client';
import { onPostgres, type TestDatabase } from '../../helpers/db';
import type { Receiver } from '../../helpers/http-receiver';
import { addMember, cloneClient, sessionFor } from '../../helpers/security/members';
import type { Psa } from '../../helpers/security/psa';
import {
  documentOperations,
  fillPath,
  tableCoverage,
  type Operation,
} from '../../helpers/security/openapi-operations';
import { startSecurityApp, type SecurityApp } from '../../helpers/security/security-app';
import { settle } from '../../helpers/security/settle';
import { buildTenant, leakedMarkers, ROLE_MEMBERS, type Tenant } from '../../helpers/security/tenant-world';
import {
  diffSnapshots,
  nextTransactionId,
  snapshotAccount,
  type TenantSnapshot,
} from '../../helpers/security/tenant-rows';
import { send } from '../../helpers/security/transport';
import { CROSS_TENANT_PROBES, type Expectation, type Probe } from './cross-tenant-routes';

const operations = await documentOperations();

const ALLOWED: Record<Exclude<Expectation, 'own-data'>, number[]> = {
  refused: [403, 404],
  rejected: [400, 403, 404],
};

/**
 * SPEC §2: a member of one tenant can never read or change another tenant's data. Every operation of
 * the OpenAPI document is called by every role of tenant B with tenant A's real ids.
 */
describe(`cross-tenant sweep over the OpenAPI document (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let server: { url: string; close: () => Promise<void> };
  let receiver: Receiver;
  let psa: Psa;
  let stop: SecurityApp['stop'];
  let a: Tenant;
  let b: Tenant;
  let requests = 0;

  beforeAll(async () => {
    ({ t, testApp, server, receiver, psa, stop } = await startSecurityApp({
      heartbeatMs: 100,
      maxQueuedBytes: 256 * 1024,
      replayLimit: 500,
    }));
    a = await buildTenant(testApp, 'A', receiver.url, psa);
    b = await buildTenant(testApp, 'B', receiver.url, psa);
  }, 120_000);

  afterAll(() => stop());

  it('has a probe for every operation of the document, and none for operations that are gone', () => {
    expect(tableCoverage(operations, Object.keys(CROSS_TENANT_PROBES))).toEqual({ missing: [], stale: [] });
  });

  async function callerFor(probe: Probe, role: (typeof ROLE_MEMBERS)[number]): Promise<TestClient> {
    if (probe.caller === 'fresh-member') {
      const member = await addMember(t.db, b.accountId, role, `b-${role}`);
      return sessionFor(testApp.app, t.db, { id: member.id, accountId: b.accountId });
    }
    if (probe.caller === 'fresh-session')
      return sessionFor(testApp.app, t.db, { id: b.users[role].id, accountId: b.accountId });
    return cloneClient(testApp.app, b.clients[role]);
  }

  async function runProbe(op: Operation, probe: Probe) {
    for (const role of ROLE_MEMBERS) {
      await probe.prepare?.();
      const call = {
        method: op.method,
        path: fillPath(op.path, probe.params ?? {}),
        query: probe.query,
        body: op.body ? probe.body : undefined,
        raw: probe.raw,
        headers: probe.headers,
      };
      const answer = await send(await callerFor(probe, role), call, server);
      requests++;
      const where = `${op.key} — ${probe.label} — as B's ${role}: ${answer.status} ${answer.text.slice(0, 300)}`;
      expect(answer.status, where).toBeLessThan(500);
      if (probe.expect !== 'own-data') expect(ALLOWED[probe.expect], where).toContain(answer.status);
      // B's members are signed in: only the public sign-in with a wrong password may say 401.
      if (op.authenticated) expect(answer.status, where).not.toBe(401);
      expect(leakedMarkers(a, answer.text, JSON.stringify(call)), where).toEqual([]);
    }
  }

  /** A's rows after the last probe that compared them, and the next transaction id as of then. */
  let lastSnapshot: { snapshot: TenantSnapshot; xid: string } | undefined;

  /**
   * A's rows now. The last comparison's snapshot still is when no transaction id was taken since
   * (nothing was written anywhere, e.g. by the next probe's setup): that spares one of the two
   * snapshots of most probes on the embedded database. (On a shared PostgreSQL cluster other
   * databases take ids too: a new snapshot is taken more often, never a stale one used.)
   */
  async function snapshotOfA(): Promise<TenantSnapshot> {
    const last = lastSnapshot;
    lastSnapshot = undefined;
    if (last && (await nextTransactionId(t.db)) === last.xid) return last.snapshot;
    return snapshotAccount(t.db, a.accountId);
  }

  for (const op of operations) {
    it(`${op.key}: B's members get no data of A and change nothing of A`, async () => {
      const probes = CROSS_TENANT_PROBES[op.key];
      expect(probes, `add ${op.key} to CROSS_TENANT_PROBES`).toBeDefined();
      for (const probe of probes!(a, b, psa)) {
        const before = await snapshotOfA();
        await runProbe(op, probe);
        await settle(testApp);
        if (probe.mayTouchA) continue;
        // The id read first: a write while the snapshot is taken shows as an id taken since.
        const xid = await nextTransactionId(t.db);
        const after = await snapshotAccount(t.db, a.accountId);
        expect(diffSnapshots(before, after), `${op.key} — ${probe.label} changed tenant A`).toEqual([]);
        lastSnapshot = { snapshot: after, xid };
      }
    });
  }

  it('sent a request for every role and probe', () => {
    const probes = operations.flatMap((op) => CROSS_TENANT_PROBES[op.key]?.(a, b, psa) ?? []);
    console.info(
      `cross-tenant sweep: ${operations.length} operations, ${probes.length} probes, ${requests} requests`,
    );
    expect(requests).toBe(probes.length * ROLE_MEMBERS.length);
  });
});
