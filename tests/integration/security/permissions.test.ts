import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from '../../helpers/app';
import { TestClient } from '../../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../../helpers/db';
import { listen } from '../../helpers/http-server';
import { sessionFor } from '../../helpers/security/members';
import { documentOperations, fillPath, tableCoverage } from '../../helpers/security/openapi-operations';
import {
  buildPermissionWorld,
  FIXTURES,
  type PermissionWorld,
  type Target,
} from '../../helpers/security/permission-fixtures';
import { startPsa, type Psa } from '../../helpers/security/psa';
import { startSuiteSlack } from '../../helpers/security/slack';
import { settle } from '../../helpers/security/settle';
import { send } from '../../helpers/security/transport';
import { PERMISSIONS, ROLE_SUBJECTS, type PermissionRule, type Subject } from './permissions';

const operations = await documentOperations();

/** What SPEC §2 says `subject` gets from the rule's route: allowed, hidden (404), refused (403) or 401. */
function expected(rule: PermissionRule, subject: Subject): 'allowed' | 404 | 403 | 401 {
  if (rule.allow.includes(subject)) return 'allowed';
  if (subject === 'anonymous') return 401;
  return rule.hidden?.includes(subject) ? 404 : 403;
}

describe(`permission table of SPEC §2, route by route and role by role (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let server: { url: string; close: () => Promise<void> };
  let w: PermissionWorld;
  let psa: Psa;
  let slack: Awaited<ReturnType<typeof startSuiteSlack>>;
  let calls = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    psa = await startPsa();
    slack = await startSuiteSlack();
    // Private addresses allowed: the PSA stand-in listens on 127.0.0.1 (and so does Slack's).
    testApp = createTestApp(t.db, {
      config: testConfig({ ALLOW_PRIVATE_WEBHOOKS: 'true', SLACK_API_URL: slack.apiUrl }),
      streamLimits: { heartbeatMs: 100, maxQueuedBytes: 256 * 1024, replayLimit: 500 },
    });
    server = await listen(testApp.app);
    w = await buildPermissionWorld(testApp, psa);
  }, 120_000);

  afterAll(async () => {
    await testApp.realtime.bus.stop();
    await testApp.assessments.stop();
    await server.close();
    await psa.close();
    await slack.close();
    await t.drop();
  });

  it('lists every operation of the OpenAPI document, and no operation that is gone', () => {
    expect(
      tableCoverage(
        operations,
        PERMISSIONS.map((r) => r.route),
      ),
    ).toEqual({ missing: [], stale: [] });
  });

  /** A fresh session per call (and its own client address, so rate limits never interfere). */
  async function callerFor(subject: Subject, target: Target): Promise<TestClient> {
    const ip = `10.9.${Math.floor(calls / 250)}.${calls % 250}`;
    const user =
      target.caller ??
      (subject === 'author'
        ? target.author
        : subject === 'claimer'
          ? target.claimer
          : subject === 'anonymous'
            ? undefined
            : w.users[subject]);
    if (!user) return new TestClient(testApp.app, ip);
    return sessionFor(testApp.app, t.db, { id: user.id, accountId: w.accountId }, ip);
  }

  for (const rule of PERMISSIONS) {
    it(`${rule.route} — ${rule.case}`, async () => {
      const op = operations.find((o) => o.key === rule.route);
      expect(op, `${rule.route} is not in the OpenAPI document`).toBeDefined();
      const fixture = FIXTURES[rule.fixture];
      const subjects: Subject[] = ['anonymous', ...ROLE_SUBJECTS];
      // Reads change nothing: one object serves every caller. Anything else gets a fresh one per call.
      const shared = op!.method === 'GET' ? await fixture(w, 'owner') : undefined;
      const relations = shared ?? (await fixture(w, 'owner'));
      if (relations.author) subjects.push('author');
      if (relations.claimer) subjects.push('claimer');
      for (const named of [...rule.allow, ...(rule.hidden ?? [])]) {
        expect(subjects, `${rule.fixture} provides no ${named}`).toContain(named);
      }
      for (const subject of subjects) {
        const target = shared ?? (await fixture(w, subject));
        const call = {
          method: op!.method,
          path: fillPath(op!.path, target.params ?? {}),
          query: target.query,
          body: op!.body ? target.body : undefined,
          raw: target.raw,
          headers: target.headers,
        };
        const answer = await send(await callerFor(subject, target), call, server);
        calls++;
        await settle(testApp);
        const want = expected(rule, subject);
        const where = `${rule.route} (${rule.case}) as ${subject}: expected ${want}, got ${answer.status} ${answer.text.slice(0, 300)}`;
        if (want === 'allowed') {
          const fine =
            (answer.status >= 200 && answer.status < 300) || (rule.ok ?? []).includes(answer.status);
          expect(fine, where).toBe(true);
        } else {
          expect(answer.status, where).toBe(want);
          expect(answer.body, where).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        }
      }
    });
  }

  it('called every route as every subject', () => {
    // Five roles and anonymous per rule at least; relations come on top.
    console.info(
      `permission table: ${PERMISSIONS.length} rules over ${operations.length} operations, ${calls} calls`,
    );
    expect(calls).toBeGreaterThanOrEqual(PERMISSIONS.length * 6);
  });
});
