import { readFileSync } from 'node:fs';
import { load as parseYaml } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, REASONS } from '../../server/modules/knowledge/import/limits';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';
import {
  docxOf,
  manyFilesZip,
  renameEntries,
  uploadFiles,
  zipBomb,
  zipOf,
  type UploadFile,
} from '../helpers/knowledge-files';

type Clients = Record<keyof typeof ALL_ROLES, TestClient>;

const shippedYaml = readFileSync(
  new URL('../../knowledge/runbooks/printing/default-printer-keeps-changing.yaml', import.meta.url),
  'utf8',
);
const shipped = parseYaml(shippedYaml) as Record<string, unknown>;
const runbook = (id: string, title = shipped.title): Record<string, unknown> => ({ ...shipped, id, title });
const { verification: _dropped, ...withoutVerification } = runbook('imported-invalid');

const vpn =
  '---\ntitle: VPN drops every hour\ntags: [vpn, fortinet]\n---\nRenew the DHCP lease on the FortiGate.';
const html = `<html><head><title>Label printer prints blank</title><script>document.cookie</script></head>
  <body><h1>Zebra</h1><p>Recalibrate the media sensor.</p><img src="x" onerror="alert(1)"></body></html>`;

describe(`knowledge file import (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let app: TestApp;
  let c: Clients;
  let other: Clients;

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
    await app.imports.idle();
    await app.assessments.stop();
    await t.drop();
  });

  const upload = (client: TestClient, files: UploadFile[]) => uploadFiles(app.app, client, files);
  const search = async (client: TestClient, q: string) =>
    (await client.get(`/api/v1/knowledge/articles?q=${encodeURIComponent(q)}`)).body.items as {
      title: string;
      tags: string[];
      source: { label: string };
      id: string;
    }[];

  it('imports a mixed upload in the background and reports every file', async () => {
    const kb = renameEntries(
      await zipOf([
        {
          name: 'guides/wifi/roaming.md',
          data: '# Wi-Fi roaming drops calls\n\nLower the roaming aggressiveness.',
        },
        { name: 'guides/notes.txt', data: 'Toner low warning\nReplace the cartridge and reset the counter.' },
        { name: 'guides/vpn-again.md', data: vpn },
        { name: '__MACOSX/guides/._notes.txt', data: 'resource fork' },
        { name: 'guides/.DS_Store', data: 'junk' },
        { name: 'inner.zip', data: await zipOf([{ name: 'x.md', data: '# X\ny' }]) },
        { name: 'zz/evil.md', data: '# Evil\nup' },
        { name: 'zabs.md', data: '# Abs\nroot' },
        { name: 'Czzx.md', data: '# Drive\nletter' },
        { name: 'guides/tool.exe', data: 'MZ' },
      ]),
      { 'zz/evil.md': '../evil.md', 'zabs.md': '/abs.md', 'Czzx.md': 'C:\\x.md' },
    );
    const files: UploadFile[] = [
      { name: 'vpn.md', data: vpn },
      { name: 'vpn-copy.md', data: vpn },
      { name: 'spooler.txt', data: 'Spooler keeps stopping\nClear C:\\Windows\\System32\\spool\\PRINTERS.' },
      { name: 'labels.html', data: html },
      {
        name: 'mfa.docx',
        data: await docxOf({ heading: 'Reset MFA for a user', paragraphs: ['Use Entra ID.'] }),
      },
      { name: 'broken.docx', data: Buffer.from('PK\u0003\u0004 not really a document') },
      { name: 'printer.yaml', data: shippedYaml.replace(/^id: .*$/m, 'id: imported-default-printer') },
      { name: 'printer.json', data: JSON.stringify(runbook('imported-printer-json')) },
      { name: 'invalid.yaml', data: JSON.stringify(withoutVerification) },
      { name: 'same-id.json', data: JSON.stringify(runbook('imported-default-printer', 'Another title')) },
      { name: 'huge.txt', data: Buffer.alloc(IMPORT_LIMITS.fileBytes + 1, 0x61) },
      { name: 'latin1.txt', data: Buffer.from('Caf\xe9 r\xe9seau', 'latin1') },
      { name: 'tool.exe', data: 'MZ' },
      { name: 'empty.md', data: '' },
      { name: '../top.md', data: '# Top\ntext' },
      { name: 'kb.zip', data: kb },
      { name: 'bomb.zip', data: zipBomb(300, [{ name: 'innocent.md', data: '# Innocent quokka\nHidden.' }]) },
    ];
    const started = await upload(c.engineer, files);
    expect(started.status, started.text).toBe(202);
    // 15 plain files, 8 archive entries (clutter not counted), 2 in the bomb.
    expect(started.body.import).toMatchObject({ kind: 'files', status: 'queued', total: 25, done: 0 });
    const id = started.body.import.id;

    await app.imports.idle();
    const { body } = await c.viewer.get(`/api/v1/knowledge/imports/${id}`);
    // The bomb is one failure: its two planned lines became one.
    expect(body.import).toMatchObject({
      status: 'done',
      total: 24,
      done: 24,
      imported: 8,
      skipped: 2,
      error: null,
    });
    const failed = Object.fromEntries(
      body.import.failed.map((f: { file: string; reason: string }) => [f.file, f.reason]),
    );
    expect(failed).toEqual({
      'broken.docx': REASONS.badDocx,
      'invalid.yaml': expect.stringMatching(/^not a valid runbook: verification: /),
      'same-id.json':
        'a different runbook with the id "imported-default-printer" already exists in this account',
      'huge.txt': REASONS.tooLarge,
      'latin1.txt': REASONS.notUtf8,
      'tool.exe': REASONS.unsupported,
      'empty.md': REASONS.empty,
      '../top.md': REASONS.unsafePath,
      'kb.zip/inner.zip': REASONS.nestedArchive,
      'kb.zip/../evil.md': REASONS.unsafePath,
      'kb.zip//abs.md': REASONS.unsafePath,
      'kb.zip/C:\\x.md': REASONS.unsafePath,
      'kb.zip/guides/tool.exe': REASONS.unsupported,
      'bomb.zip': REASONS.bomb,
    });
    expect(failed['bomb.zip']).toBe('archive expands too much');

    // Imported articles are knowledge at once, with their provenance.
    const [found] = await search(c.tech, 'fortigate lease');
    expect(found).toMatchObject({ title: 'VPN drops every hour', tags: ['vpn', 'fortinet'] });
    expect(found!.source.label).toBe('Imported from vpn.md');
    expect((await search(c.tech, 'roaming aggressiveness'))[0]!.source.label).toBe(
      'Imported from kb.zip/guides/wifi/roaming.md',
    );
    expect((await search(c.tech, 'toner cartridge'))[0]!.title).toBe('Toner low warning');
    expect((await search(c.tech, 'Entra'))[0]!.title).toBe('Reset MFA for a user');
    const label = (await search(c.tech, 'media sensor'))[0]!;
    expect(label.title).toBe('Label printer prints blank');
    const stored = (await c.tech.get(`/api/v1/knowledge/articles/${label.id}`)).body.article.body as string;
    expect(stored).toContain('Recalibrate the media sensor.');
    for (const gone of ['script', 'cookie', 'onerror', 'alert']) expect(stored).not.toContain(gone);
    // Nothing of the bomb archive was stored, not even its innocent-looking file.
    expect(await search(c.tech, 'quokka')).toEqual([]);

    const rb = await c.tech.get('/api/v1/knowledge/runbooks/imported-default-printer');
    expect(rb.status).toBe(200);
    expect(rb.body).toMatchObject({
      origin: 'account',
      source_label: expect.stringContaining('printer.yaml'),
    });

    // Anyone in the account reads the list, newest first, with the kind of each import.
    const list = await c.viewer.get('/api/v1/knowledge/imports');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id, kind: 'files', status: 'done' });
  });

  it('skips what the account already holds when the same files come again', async () => {
    const first = await upload(c.admin, [
      { name: 'dns.md', data: '# DNS scavenging\nEnable aging on the zone.' },
    ]);
    const again = await upload(c.owner, [
      { name: 'dns (1).md', data: '# DNS scavenging\nEnable aging on the zone.' },
    ]);
    expect([first.status, again.status]).toEqual([202, 202]);
    await app.imports.idle();
    const second = (await c.owner.get(`/api/v1/knowledge/imports/${again.body.import.id}`)).body.import;
    expect(second).toMatchObject({ status: 'done', total: 1, done: 1, imported: 0, skipped: 1, failed: [] });
  });

  it('lets only engineers, admins and owners import; other accounts see nothing of it', async () => {
    for (const role of ['tech', 'viewer'] as const) {
      const r = await upload(c[role], [{ name: 'x.md', data: '# Not allowed\ntext' }]);
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN');
    }
    const mine = await upload(c.engineer, [{ name: 'secret.md', data: '# Okapi runbook\nOnly for us.' }]);
    await app.imports.idle();
    const id = mine.body.import.id;
    expect((await c.tech.get(`/api/v1/knowledge/imports/${id}`)).status).toBe(200);
    expect((await other.owner.get(`/api/v1/knowledge/imports/${id}`)).status).toBe(404);
    expect((await other.owner.get('/api/v1/knowledge/imports')).body.items).toEqual([]);
    expect(await search(other.owner, 'okapi')).toEqual([]);
    expect((await search(c.viewer, 'okapi')).length).toBe(1);
  });

  it('refuses uploads that are too large, hold too many files, or hold none', async () => {
    const imports = async () => (await c.engineer.get('/api/v1/knowledge/imports')).body.items.length;
    const before = await imports();
    const headers = { cookie: c.engineer.cookie!, 'x-csrf-token': c.engineer.csrf! };
    const send = (init: RequestInit & { duplex?: 'half' }, h: Record<string, string> = {}) =>
      app.app.request('/api/v1/knowledge/import', { method: 'POST', ...init, headers: { ...headers, ...h } });

    // Declared too large: refused before the body is read.
    const declared = await send(
      { body: 'x' },
      {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(IMPORT_LIMITS.uploadBytes + 1),
      },
    );
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // Streamed without a length: refused as soon as the limit is passed, not after the whole body.
    let sent = 0;
    const chunk = new Uint8Array(1024 * 1024);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        if (sent > 200 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await send(
      { body: stream, duplex: 'half' },
      { 'content-type': 'multipart/form-data; boundary=x' },
    );
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(IMPORT_LIMITS.uploadBytes + 8 * 1024 * 1024);

    const many = manyFilesZip(
      Array.from({ length: IMPORT_LIMITS.files }, (_, i) => ({ name: `n/${i}.md`, data: `# ${i}` })),
    );
    const tooMany = await upload(c.engineer, [
      { name: 'one-more.md', data: '# One more\nx' },
      { name: 'many.zip', data: many },
    ]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('TOO_MANY_FILES');

    expect((await upload(c.engineer, [])).status).toBe(400);
    expect((await send({})).status).toBe(400);
    const json = await send({ body: '{"files":[]}' }, { 'content-type': 'application/json' });
    expect(json.status).toBe(415);
    const garbled = await send(
      { body: 'no parts here' },
      { 'content-type': 'multipart/form-data; boundary=x' },
    );
    expect(garbled.status).toBe(400);
    // None of the refused uploads left an import behind.
    expect(await imports()).toBe(before);
  });
});
