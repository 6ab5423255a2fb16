import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';

describe(`knowledge articles (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let app: TestApp;
  let c: Record<keyof typeof ALL_ROLES, TestClient>;
  let other: Record<keyof typeof ALL_ROLES, TestClient>;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db, { config: testConfig({ LOG_LEVEL: 'error' }) });
    const [a, b] = await Promise.all([
      createTestAccount(t.db, ALL_ROLES),
      createTestAccount(t.db, ALL_ROLES),
    ]);
    [c, other] = await Promise.all([clientsFor(app.app, a.users), clientsFor(app.app, b.users)]);
  });
  afterAll(async () => {
    await app.assessments.stop();
    await t.drop();
  });

  const article = {
    title: 'Scanner at Harbor Dental stops sending to the shared folder',
    body: '## Cause\nThe scanner still uses SMB1.\n\n## Fix\nEnable SMB2 on the Ricoh web page under Network > SMB.',
    tags: ['Scanning', 'smb', 'scanning'],
  };

  it('writes, finds, edits with history and deletes an article; tags are normalised', async () => {
    const created = await c.engineer.request('POST', '/api/v1/knowledge/articles', article);
    expect(created.status).toBe(201);
    const a = created.body.article;
    expect(a.tags).toEqual(['scanning', 'smb']);
    expect(a.source).toEqual({ type: 'written', ref: null, label: 'Written here' });
    expect(a.created_by.name).toBeTruthy();

    const found = await c.viewer.request('GET', '/api/v1/knowledge/articles?q=ricoh%20smb2');
    expect(found.status).toBe(200);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    expect(found.body.tags).toEqual(expect.arrayContaining([{ tag: 'smb', count: 1 }]));
    const byTag = await c.tech.request('GET', '/api/v1/knowledge/articles?tag=nothing');
    expect(byTag.body.items).toEqual([]);

    const edited = await c.admin.request('PUT', `/api/v1/knowledge/articles/${a.id}`, {
      title: 'Ricoh scan to folder fails',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.article.body).toBe(article.body);
    const read = await c.tech.request('GET', `/api/v1/knowledge/articles/${a.id}`);
    expect(read.body.revisions).toHaveLength(2);
    expect(read.body.revisions[0].title).toBe('Ricoh scan to folder fails');
    expect(read.body.revisions[1].title).toBe(article.title);

    expect((await c.engineer.request('DELETE', `/api/v1/knowledge/articles/${a.id}`)).status).toBe(204);
    expect((await c.engineer.request('GET', `/api/v1/knowledge/articles/${a.id}`)).status).toBe(404);
  });

  it('refuses identical content, bad input and writers below engineer, changing nothing', async () => {
    const first = await c.owner.request('POST', '/api/v1/knowledge/articles', {
      ...article,
      title: 'Unique one',
    });
    expect(first.status).toBe(201);
    const again = await c.engineer.request('POST', '/api/v1/knowledge/articles', {
      title: ' unique  ONE ',
      body: article.body,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DUPLICATE_ARTICLE');
    expect(
      (await c.engineer.request('POST', '/api/v1/knowledge/articles', { title: '', body: 'x' })).status,
    ).toBe(400);
    expect(
      (await c.engineer.request('PUT', `/api/v1/knowledge/articles/${first.body.article.id}`, {})).status,
    ).toBe(400);
    for (const role of ['tech', 'viewer'] as const) {
      const r = await c[role].request('POST', '/api/v1/knowledge/articles', { title: 'x', body: 'y' });
      expect(r.status).toBe(403);
      const d = await c[role].request('DELETE', `/api/v1/knowledge/articles/${first.body.article.id}`);
      expect(d.status).toBe(403);
    }
    const list = await c.viewer.request('GET', '/api/v1/knowledge/articles');
    expect(list.body.total).toBe(1);
  });

  it('another account never sees, edits or deletes the article', async () => {
    const mine = await c.engineer.request('POST', '/api/v1/knowledge/articles', {
      ...article,
      title: 'Private one',
    });
    const id = mine.body.article.id;
    expect((await other.owner.request('GET', `/api/v1/knowledge/articles/${id}`)).status).toBe(404);
    expect(
      (await other.owner.request('PUT', `/api/v1/knowledge/articles/${id}`, { title: 'x' })).status,
    ).toBe(404);
    expect((await other.owner.request('DELETE', `/api/v1/knowledge/articles/${id}`)).status).toBe(404);
    const theirs = await other.viewer.request('GET', '/api/v1/knowledge/articles?q=private');
    expect(theirs.body.items).toEqual([]);
    expect((await c.viewer.request('GET', `/api/v1/knowledge/articles/${id}`)).status).toBe(200);
  });
});
