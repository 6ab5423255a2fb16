import { load as parseYaml } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';

describe(`account runbooks (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let app: TestApp;
  let c: Record<keyof typeof ALL_ROLES, TestClient>;
  let other: Record<keyof typeof ALL_ROLES, TestClient>;
  let shipped: Record<string, unknown> & { id: string; title: string; steps: { text: string }[] };

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db);
    const [a, b] = await Promise.all([
      createTestAccount(t.db, ALL_ROLES),
      createTestAccount(t.db, ALL_ROLES),
    ]);
    [c, other] = await Promise.all([clientsFor(app.app, a.users), clientsFor(app.app, b.users)]);
    shipped = (await c.viewer.request('GET', '/api/v1/knowledge/runbooks/network-printer-offline')).body
      .runbook;
  });
  afterAll(async () => {
    await app.assessments.stop();
    await t.drop();
  });

  const ours = (id: string, title = 'Label printer offline at the warehouse') => ({ ...shipped, id, title });

  it('adds a runbook as JSON or YAML, lists it as the account’s and exports it as YAML that reads back the same', async () => {
    const json = await c.engineer.request('POST', '/api/v1/knowledge/runbooks', ours('warehouse-printer'));
    expect(json.status).toBe(201);
    expect(json.body).toMatchObject({ origin: 'account', source_label: 'Written here' });

    const exported = await c.tech.request('GET', '/api/v1/knowledge/runbooks/warehouse-printer?format=yaml');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('application/yaml');
    expect(exported.headers.get('content-disposition')).toContain('warehouse-printer.yaml');
    expect(parseYaml(exported.text)).toEqual(json.body.runbook);

    const yamlText = exported.text.replace('id: warehouse-printer', 'id: office-printer');
    const yaml = await c.admin.request('POST', '/api/v1/knowledge/runbooks', yamlText, {
      'Content-Type': 'application/yaml',
    });
    expect(yaml.status, yaml.text).toBe(201);
    const again = await c.admin.request('POST', '/api/v1/knowledge/runbooks', yamlText, {
      'Content-Type': 'application/yaml',
    });
    expect(again.status).toBe(409);

    const list = await c.viewer.request('GET', '/api/v1/knowledge/runbooks?origin=account');
    expect(list.body.items.map((i: { id: string }) => i.id).sort()).toEqual([
      'office-printer',
      'warehouse-printer',
    ]);
    const all = await c.viewer.request('GET', '/api/v1/knowledge/runbooks');
    expect(all.body.items.length).toBeGreaterThan(100);
    expect(all.body.items[0].origin).toBe('account');
  });

  it('refuses an invalid runbook with the path of every problem, and bad media types, changing nothing', async () => {
    const broken = structuredClone(ours('broken-one')) as Record<string, any>;
    broken.steps[0].id = broken.steps[1].id;
    const r = await c.engineer.request('POST', '/api/v1/knowledge/runbooks', broken);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INVALID_RUNBOOK');
    expect(r.body.details).toEqual(
      expect.arrayContaining([{ path: 'steps[1].id', message: `duplicate id "${broken.steps[1].id}"` }]),
    );
    const badYaml = await c.engineer.request('POST', '/api/v1/knowledge/runbooks', 'id: [unclosed', {
      'Content-Type': 'application/yaml',
    });
    expect(badYaml.status).toBe(400);
    expect(badYaml.body.message).toMatch(/at line \d+, column \d+/);
    const text = await c.engineer.request('POST', '/api/v1/knowledge/runbooks', 'id: x', {
      'Content-Type': 'text/plain',
    });
    expect(text.status).toBe(415);
    expect((await c.tech.request('POST', '/api/v1/knowledge/runbooks', ours('tech-one'))).status).toBe(403);
    expect((await c.viewer.request('GET', '/api/v1/knowledge/runbooks/broken-one')).status).toBe(404);
    expect((await c.viewer.request('GET', '/api/v1/knowledge/runbooks/tech-one')).status).toBe(404);
  });

  it('forks a shipped runbook under its id, edits the copy, and deleting the fork gives the shipped one back', async () => {
    const edit = await c.engineer.request(
      'PUT',
      '/api/v1/knowledge/runbooks/network-printer-offline',
      shipped,
    );
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('SHIPPED_RUNBOOK');

    const fork = await c.engineer.request('POST', '/api/v1/knowledge/runbooks/network-printer-offline/fork');
    expect(fork.status).toBe(201);
    expect(fork.body).toMatchObject({ origin: 'account', forked_from: 'network-printer-offline' });
    expect(
      (await c.engineer.request('POST', '/api/v1/knowledge/runbooks/network-printer-offline/fork')).status,
    ).toBe(409);

    const changed = { ...fork.body.runbook, title: 'Printer offline (our way)' };
    const saved = await c.engineer.request(
      'PUT',
      '/api/v1/knowledge/runbooks/network-printer-offline',
      changed,
    );
    expect(saved.status).toBe(200);
    expect(saved.body.runbook.title).toBe('Printer offline (our way)');
    const renamed = await c.engineer.request('PUT', '/api/v1/knowledge/runbooks/network-printer-offline', {
      ...changed,
      id: 'another-id',
    });
    expect(renamed.status).toBe(400);

    const theirs = await other.viewer.request('GET', '/api/v1/knowledge/runbooks/network-printer-offline');
    expect(theirs.body).toMatchObject({ origin: 'shipped', runbook: { title: shipped.title } });

    expect(
      (await c.admin.request('DELETE', '/api/v1/knowledge/runbooks/network-printer-offline')).status,
    ).toBe(204);
    const back = await c.viewer.request('GET', '/api/v1/knowledge/runbooks/network-printer-offline');
    expect(back.body).toMatchObject({ origin: 'shipped', runbook: { title: shipped.title } });
    expect(
      (await c.admin.request('DELETE', '/api/v1/knowledge/runbooks/network-printer-offline')).status,
    ).toBe(409);
  });
});
