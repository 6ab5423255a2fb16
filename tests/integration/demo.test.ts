import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseEmpty, seedDemo } from '../../server/seed/demo';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed/demo-users';
import { createTestApp, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/test-client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

describe('demo data on a fresh database', () => {
  let t: TestDatabase;
  let app: TestApp['app'];
  beforeAll(async () => {
    t = await createTestDatabase();
    expect(await isDatabaseEmpty(t.db)).toBe(true);
    await seedDemo(t.db);
    app = createTestApp(t.db).app;
  });
  afterAll(() => t.drop());

  it('every demo login of SPEC §11 works with demo-password', async () => {
    const emails = DEMO_ACCOUNTS.flatMap((a) => a.users.map((u) => u.email));
    expect(emails).toEqual(
      expect.arrayContaining([
        'owner@northwind.test',
        'senior@northwind.test',
        'senior2@northwind.test',
        'tech@northwind.test',
        'tech2@northwind.test',
        'viewer@northwind.test',
        'senior@contoso.test',
        'tech@contoso.test',
      ]),
    );
    for (const email of emails) {
      const res = await new TestClient(app, `198.18.0.${emails.indexOf(email)}`).post('/api/v1/auth/login', {
        email,
        password: DEMO_PASSWORD,
      });
      expect(res.status, email).toBe(200);
    }
  });

  it('holds resolved sessions to learn from, active ones, and escalations in every state', async () => {
    const senior = new TestClient(app);
    await senior.login('senior@northwind.test', DEMO_PASSWORD);
    const resolved = await senior.get('/api/v1/sessions?scope=account&status=resolved&limit=200');
    expect(resolved.body.items.length).toBeGreaterThanOrEqual(8);
    expect(new Set(resolved.body.items.map((s: any) => s.problem_domain)).size).toBeGreaterThanOrEqual(5);
    expect(
      (await senior.get('/api/v1/sessions?scope=account&status=active')).body.items.length,
    ).toBeGreaterThan(0);
    const queue = await senior.get('/api/v1/handoffs/queue');
    expect(queue.body.items).toHaveLength(1);
    expect(queue.body.items[0].assessment_status).toBe('ready');
    expect((await senior.get('/api/v1/sessions?scope=account&status=escalated')).body.items).toHaveLength(1);
  });

  it('every active demo session opens on a step to work: the demo shows a session in progress', async () => {
    const senior = new TestClient(app);
    await senior.login('senior@northwind.test', DEMO_PASSWORD);
    const active = (await senior.get('/api/v1/sessions?scope=account&status=active')).body.items;
    expect(active.length).toBeGreaterThan(0);
    for (const s of active) {
      const view = await senior.get(`/api/v1/sessions/${s.id}`);
      expect(view.body.current_step, s.problem_summary).not.toBeNull();
    }
  });

  it('the second account sees none of the first one’s data', async () => {
    const contoso = new TestClient(app);
    await contoso.login('senior@contoso.test', DEMO_PASSWORD);
    const sessions = await contoso.get('/api/v1/sessions?scope=account&limit=200');
    expect(sessions.body.items.every((s: any) => !s.problem_summary.includes('Leeds'))).toBe(true);
    expect((await contoso.get('/api/v1/handoffs/queue')).body.items).toHaveLength(0);
    expect((await contoso.get('/api/v1/members')).body.items).toHaveLength(2);
  });
});
