import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docxOf, zipOf } from '../../../../tests/helpers/knowledge-files';
import { convertFile } from './convert';
import { IMPORT_LIMITS, REASONS } from './limits';

const file = (text: string) => Buffer.from(text, 'utf8');
const SHIPPED = readFileSync(
  new URL('../../../../knowledge/runbooks/printing/default-printer-keeps-changing.yaml', import.meta.url),
  'utf8',
);

describe('knowledge file converters', () => {
  it('reads Markdown front matter, else the first heading, else the file name', async () => {
    const withFront = await convertFile(
      'a.md',
      file('---\ntitle: VPN drops every hour\ntags: [vpn, "Fortinet"]\n---\n# Heading\n\nRenew the lease.'),
    );
    expect(withFront).toEqual({
      kind: 'article',
      title: 'VPN drops every hour',
      body: '# Heading\n\nRenew the lease.',
      tags: ['vpn', 'Fortinet'],
    });
    expect(await convertFile('b.md', file('\uFEFF# Outlook prompts\r\n\r\nClear the cache.'))).toMatchObject({
      title: 'Outlook prompts',
      body: 'Clear the cache.',
    });
    // A `#` comment in a code block is no heading; a heading further down stays in the text.
    const fenced = await convertFile('printer_queue-stuck.md', file('```sh\n# restart\n```\nText.\n# Later'));
    expect(fenced).toMatchObject({ title: 'Later', body: '```sh\n# restart\n```\nText.\n# Later' });
    expect(await convertFile('printer_queue-stuck.md', file('Just text.'))).toMatchObject({
      title: 'Printer queue stuck',
      body: 'Just text.',
    });
    expect(await convertFile('c.md', file('---\ntitle: [unclosed\n---\ntext'))).toMatchObject({
      kind: 'failure',
      reason: expect.stringContaining('front matter is not valid YAML'),
    });
  });

  it('titles a text file by its short first line, else by its name', async () => {
    expect(await convertFile('n.txt', file('Scanner offline\nPower-cycle the switch port.'))).toEqual({
      kind: 'article',
      title: 'Scanner offline',
      body: 'Power-cycle the switch port.',
      tags: [],
    });
    const long = 'x'.repeat(200);
    expect(await convertFile('long_note.txt', file(`${long}\nmore`))).toMatchObject({ title: 'Long note' });
  });

  it('turns HTML into Markdown without scripts, embeds, forms or event handlers', async () => {
    const html = `<html><head><title>Spooler &amp; queue</title><script>steal()</script><style>p{}</style></head>
      <body onload="x()"><h1>Print spooler</h1><p>Restart the <b>spooler</b>.</p>
      <img src="x" onerror="alert(1)" alt="screenshot"><a href="javascript:alert(2)">run me</a>
      <a href="https://learn.microsoft.com/a b">docs</a><iframe src="https://evil.test"></iframe>
      <form><input value="secret"></form><object data="x.swf"></object><embed src="y.swf"></body></html>`;
    const r = await convertFile('page.html', file(html));
    expect(r).toMatchObject({ kind: 'article', title: 'Spooler & queue' });
    const body = (r as { body: string }).body;
    expect(body).toContain('# Print spooler');
    expect(body).toContain('Restart the **spooler**.');
    expect(body).toContain('[docs](https://learn.microsoft.com/a%20b)');
    for (const gone of ['steal', 'script', 'onerror', 'alert', 'javascript', 'evil.test', 'secret', 'swf'])
      expect(body).not.toContain(gone);
    // Bounded before any parser sees it: thousands of levels would exhaust the converter's stack.
    const deep = '<div>'.repeat(50_000) + 'deep' + '</div>'.repeat(50_000);
    expect(await convertFile('deep.html', file(deep))).toEqual({ kind: 'failure', reason: REASONS.complex });
    const busy = '<span>x</span>'.repeat(IMPORT_LIMITS.htmlElements + 1);
    expect(await convertFile('busy.html', file(busy))).toEqual({ kind: 'failure', reason: REASONS.complex });
    const big = `<p>${'word '.repeat(IMPORT_LIMITS.htmlChars / 5)}</p>`;
    expect(await convertFile('big.html', file(big))).toEqual({
      kind: 'failure',
      reason: REASONS.htmlTooLarge,
    });
    expect(await convertFile('x.htm', file('<h1>Only a heading</h1><p>and text</p>'))).toMatchObject({
      title: 'Only a heading',
      body: 'and text',
    });
  });

  it('reads a Word document through HTML, and refuses a damaged one', async () => {
    const docx = await docxOf({ heading: 'Reset MFA', paragraphs: ['Open the admin centre.'] });
    expect(await convertFile('mfa.docx', docx)).toEqual({
      kind: 'article',
      title: 'Reset MFA',
      body: 'Open the admin centre.',
      tags: [],
    });
    const damaged = Buffer.from(docx);
    damaged.fill(0x41, 40, 400);
    expect(await convertFile('mfa.docx', damaged)).toEqual({ kind: 'failure', reason: REASONS.badDocx });
    const notWord = await zipOf([{ name: 'readme.txt', data: 'hello' }]);
    expect(await convertFile('fake.docx', notWord)).toEqual({ kind: 'failure', reason: REASONS.badDocx });
  });

  it('takes a runbook from YAML or JSON and refuses other documents', async () => {
    const yaml = await convertFile('rb.yaml', file(SHIPPED));
    expect(yaml).toMatchObject({ kind: 'runbook', raw: { id: 'default-printer-keeps-changing' } });
    const json = await convertFile('rb.json', file(JSON.stringify((yaml as { raw: unknown }).raw)));
    expect(json).toEqual(yaml);
    for (const [name, text] of [
      ['list.yaml', '- a\n- b'],
      ['config.yml', 'server: mail.example.test\nport: 25'],
      ['broken.json', '{"id":'],
      ['two.yaml', 'a: 1\n---\nb: 2'],
    ])
      expect(await convertFile(name!, file(text!))).toMatchObject({ kind: 'failure' });
    // A billion laughs: a few lines of aliases describing a tree far too large to walk.
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(', ')}]`,
      );
    laughs.push('steps: *i');
    expect(await convertFile('laughs.yaml', file(laughs.join('\n')))).toEqual({
      kind: 'failure',
      reason: REASONS.complex,
    });
  });

  it('refuses non-UTF-8 text, binary text, empty files, huge files and unknown types', async () => {
    const latin1 = Buffer.from('Caf\xe9 r\xe9seau', 'latin1');
    expect(await convertFile('notes.txt', latin1)).toEqual({ kind: 'failure', reason: REASONS.notUtf8 });
    expect(await convertFile('nul.md', Buffer.from('a\0b'))).toEqual({
      kind: 'failure',
      reason: REASONS.binary,
    });
    expect(await convertFile('empty.md', Buffer.alloc(0))).toEqual({
      kind: 'failure',
      reason: REASONS.empty,
    });
    expect(await convertFile('blank.md', file('  \n\n '))).toEqual({
      kind: 'failure',
      reason: REASONS.noText,
    });
    const huge = Buffer.alloc(IMPORT_LIMITS.fileBytes + 1, 0x61);
    expect(await convertFile('huge.txt', huge)).toEqual({ kind: 'failure', reason: REASONS.tooLarge });
    const long = file('a '.repeat(IMPORT_LIMITS.articleChars));
    expect(await convertFile('long.txt', long)).toEqual({ kind: 'failure', reason: REASONS.tooLong });
    for (const name of ['tool.exe', 'slides.pptx', 'README', '.bashrc'])
      expect(await convertFile(name, file('x'))).toEqual({ kind: 'failure', reason: REASONS.unsupported });
    expect(await convertFile('inner.zip', file('x'))).toEqual({
      kind: 'failure',
      reason: REASONS.nestedArchive,
    });
  });
});
