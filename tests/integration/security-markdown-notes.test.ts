import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/test-client';
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

/**
 * Block-level Markdown a line of user text could open. Each must stay text: a fence or an indented
 * block would swallow the rest of the note as code, a quote or list would take in what follows.
 */
const BLOCK_OPENERS = [
  '~~~ printer jam',
  '``` printer jam',
  '~~~',
  '- printer jam',
  '+ printer jam',
  '* printer jam',
  '1. printer jam',
  '1) printer jam',
  '# printer jam',
  '###### printer jam',
  '> printer jam',
  '| printer | jam |',
  '    printer jam (indented code)',
  '\tprinter jam (tab-indented code)',
  '  ~~~ printer jam',
  '=== printer jam',
  '---',
  '***',
  '___',
  '- - -',
  '<div>printer jam</div>',
  '<!-- printer jam',
];

describe('security: Markdown ticket notes keep every line of user text a paragraph', () => {
  let t: TestDatabase;
  let app: TestApp['app'];
  const md = new MarkdownIt('commonmark', { html: true }).enable(['table', 'strikethrough']);

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db).app;
  });
  afterAll(() => t.drop());

  /** The blocks of a rendered document, and the text of each paragraph. */
  function blocks(markdown: string) {
    const tokens = md.parse(markdown, {});
    const paragraphs: string[] = [];
    tokens.forEach((tok, i) => {
      if (tok.type === 'paragraph_open') {
        const inline = tokens[i + 1]!;
        paragraphs.push(
          (inline.children ?? [])
            .map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : ''))
            .join(''),
        );
      }
    });
    const kinds = new Set(tokens.map((tok) => tok.type.replace(/_(open|close)$/, '')));
    const headings = tokens.flatMap((tok, i) =>
      tok.type === 'heading_open' ? [tokens[i + 1]!.content] : [],
    );
    return { kinds, paragraphs, headings };
  }

  it('a problem or fact starting with any block opener, on any of its lines, stays text in its place', async () => {
    const acct = await createTestAccount(t.db, { tech: 'tech' });
    const tech = new TestClient(app);
    await tech.login(acct.users.tech.email);
    const multiLine = ['Printer jam since Monday', ...BLOCK_OPENERS.slice(0, 12)].join('\n');
    for (const opener of [...BLOCK_OPENERS, multiLine]) {
      const created = await tech.post('/api/v1/sessions', { problem: opener });
      expect(created.status, `${opener}: ${created.text}`).toBe(201);
      const id = created.body.session.id;
      expect((await tech.post(`/api/v1/sessions/${id}/facts`, { text: opener })).status, opener).toBe(201);
      const notes = await tech.get(`/api/v1/sessions/${id}/notes`);
      expect(notes.status).toBe(200);
      const { kinds, paragraphs, headings } = blocks(notes.text);
      // Only the structure the notes write themselves: paragraphs, our headings and lists.
      for (const kind of ['fence', 'code_block', 'blockquote', 'hr', 'html_block', 'table'])
        expect(kinds.has(kind), `${JSON.stringify(opener)} opened a ${kind}:\n${notes.text}`).toBe(false);
      expect(headings, JSON.stringify(opener)).toEqual(['Problem', 'Steps', 'What we know', 'Follow-ups']);
      // The problem and the fact read as typed (line breaks become spaces, outer whitespace goes).
      const typed = opener
        .split('\n')
        .map((l) => l.trim())
        .join(' ');
      expect(paragraphs, JSON.stringify(opener)).toContain(typed);
      expect(
        paragraphs.filter((p) => p === typed),
        `${JSON.stringify(opener)}: problem and fact`,
      ).toHaveLength(2);
    }
  });
});
