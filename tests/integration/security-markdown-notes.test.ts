import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, testConfig, type TestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { FakeLlm } from '../helpers/fake-llm';

/** Script and markup a user (or a model steered by one) could put into the record of a session. */
const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload=window.__xss=3>',
  '[click me](javascript:window.__xss=4)',
  '![logo](javascript:window.__xss=5)',
  '<javascript:window.__xss=6>',
  '[ref]: javascript:window.__xss=7',
  '`</code><img src=x onerror=window.__xss=8>`',
];
const joined = (where: string) => `${where}: ${PAYLOADS.join(' ')}`;

/**
 * Where a Markdown renderer could turn text into markup: an unescaped `<` (raw HTML, autolinks) or
 * `[` (links, images) outside a code span, or a code span left open at the end of a line (what
 * follows it is no longer code). Backslash escapes and code spans are honoured as CommonMark does.
 */
function markupRisks(markdown: string): string[] {
  const risks: string[] = [];
  markdown.split('\n').forEach((line, n) => {
    let inCode = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (ch === '\\' && !inCode) {
        i++;
        continue;
      }
      if (ch === '`') inCode = !inCode;
      else if (!inCode && (ch === '<' || ch === '['))
        risks.push(`line ${n + 1}, column ${i + 1}: ${line.slice(Math.max(0, i - 20), i + 30)}`);
    }
    if (inCode) risks.push(`line ${n + 1}: code span left open: ${line.slice(-60)}`);
  });
  return risks;
}

describe('security: Markdown ticket notes escape user and model text', () => {
  let t: TestDatabase;
  let llm: FakeLlm;
  let app: TestApp['app'];

  beforeAll(async () => {
    t = await createTestDatabase();
    llm = await new FakeLlm().start();
    // The hosted model proposes the steps: its output is as untrusted as the user's (prompt injection).
    llm.output = {
      kind: 'action',
      text: `Check the mailbox. ${joined('model text')}`,
      options: [],
      command:
        'Get-Mailbox -Identity x\n\n<img src=x onerror=window.__xss=9>\n\n`whoami`\r<b onmouseover=window.__xss=10>bold</b>',
      expected_outcome: 'The mailbox is listed',
      rationale: 'Fake model reasoning',
      confidence: 0.6,
    };
    const config = testConfig({
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: llm.url,
      AI_MODEL: 'fake-model',
      AI_REQUEST_TIMEOUT_MS: '3000',
    });
    app = createTestApp(t.db, { config }).app;
  });
  afterAll(async () => {
    await llm.stop();
    await t.drop();
  });

  it('renders every field as inert text: no raw HTML, links or images, no code span broken open, no line-break injection', async () => {
    const acct = await createTestAccount(t.db, { owner: 'owner' });
    const owner = new TestClient(app);
    await owner.login(acct.users.owner.email);
    // A member whose name is a payload, through the invite flow.
    const invite = await owner.post('/api/v1/invites', {
      email: `xss-${Date.now()}@example.test`,
      role: 'tech',
    });
    const tech = new TestClient(app, '192.0.2.77');
    const accepted = await tech.post('/api/v1/invites/accept', {
      token: invite.body.accept_url.split('/invite/')[1],
      name: '<img src=x onerror=window.__xss=11> [me](javascript:1)',
      password: 'a-long-password',
    });
    expect(accepted.status).toBe(201);
    tech.csrf = accepted.body.csrf_token;

    const created = await tech.post('/api/v1/sessions', {
      problem: `${joined('problem')}\r## Injected heading\u2028<script>window.__xss=12</script>`,
      client: joined('client').slice(0, 200),
      asset: joined('asset').slice(0, 200),
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.session.id;
    const step = created.body.current_step;
    expect(step.content.command).toContain('<img');
    expect(
      (
        await tech.post(`/api/v1/sessions/${id}/steps/${step.id}/answer`, {
          outcome: 'failed',
          note: joined('answer note'),
        })
      ).status,
    ).toBe(200);
    expect((await tech.post(`/api/v1/sessions/${id}/steps`, { text: joined('timeline note') })).status).toBe(
      201,
    );
    expect((await tech.post(`/api/v1/sessions/${id}/facts`, { text: joined('fact') })).status).toBe(201);
    const resolved = await tech.post(`/api/v1/sessions/${id}/resolve`, {
      root_cause: joined('root cause'),
      resolution_summary: joined('fix'),
    });
    expect(resolved.status, resolved.text).toBe(200);

    const notes = await tech.get(`/api/v1/sessions/${id}/notes`);
    expect(notes.status).toBe(200);
    expect(notes.headers.get('content-type')).toMatch(/^text\/markdown/);
    const markdown = notes.text;
    // Everything was written into the notes (escaped), so the check below covers real content.
    for (const where of [
      'problem',
      'client',
      'fact',
      'answer note',
      'timeline note',
      'root cause',
      'fix',
      'model text',
    ]) {
      expect(markdown, where).toContain(`${where}: `);
    }
    expect(markdown).toContain('xss=9'); // the model's command
    expect(markdown).toContain('xss=11'); // the member's name
    // The status tag the notes open with ("**[RESOLVED] …") is ours; with no reference definitions
    // possible (user text cannot write an unescaped "["), it stays plain text.
    expect(markupRisks(markdown.replace(/^\*\*\[[A-Z ]+\] /, '**'))).toEqual([]);
    // Lines end only where the notes put them: no carriage returns or Unicode line separators from input.
    expect(markdown).not.toMatch(/[\r\u2028\u2029]/);
    expect(markdown.split('\n').filter((l) => l.startsWith('## '))).toEqual([
      '## Problem',
      '## Steps',
      '## What we know',
      '## Resolution',
      '## Follow-ups',
    ]);
  });
});
