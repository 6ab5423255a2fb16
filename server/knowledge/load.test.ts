import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KNOWLEDGE_DOMAINS, runbookJsonSchema } from '../../shared/knowledge';
import { loadKnowledgeLibrary, parseRunbook } from './load';
import { PRINTER_RUNBOOK_YAML as RUNBOOK } from '../../tests/helpers/sample-runbook';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A throw-away knowledge folder holding exactly the given files. */
function library(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'rf-knowledge-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return loadKnowledgeLibrary(root);
}

describe('shipped knowledge', () => {
  const lib = loadKnowledgeLibrary();

  it('every file loads with no schema error and no duplicate', () => {
    expect(lib.problems).toEqual([]);
  });

  it('is broad: at least 150 runbooks, 600 known issues and 1,000 error codes over at least 20 domains', () => {
    expect(lib.runbooks.length).toBeGreaterThanOrEqual(150);
    expect(lib.knownIssues.length).toBeGreaterThanOrEqual(600);
    expect(lib.errorCodes.length).toBeGreaterThanOrEqual(1000);
    const domains = new Set([...lib.runbooks, ...lib.knownIssues, ...lib.errorCodes].map((i) => i.domain));
    expect(domains.size).toBeGreaterThanOrEqual(20);
    for (const d of domains) expect(KNOWLEDGE_DOMAINS).toContain(d);
  });

  it('names a public https vendor source on every shipped runbook, known issue and error code', () => {
    for (const item of [...lib.runbooks, ...lib.knownIssues, ...lib.errorCodes])
      expect(item.source?.url, 'id' in item ? item.id : item.code).toMatch(
        /^https:\/\/[a-z0-9.-]+\.[a-z]{2,}\//,
      );
  });
});

describe('knowledge loader', () => {
  it('accepts a sound runbook', () => {
    const lib = library({ 'runbooks/printing/printer-offline.yaml': RUNBOOK });
    expect(lib.problems).toEqual([]);
    expect(lib.runbooks.map((r) => r.id)).toEqual(['printer-offline']);
  });

  it('names the file and the path of a dangling branch, an unreachable step and an unused cause', () => {
    const broken = RUNBOOK.replace('next: check-port', 'next: check-cable').replace(
      'resolve: wrong-port',
      'contradicts: true',
    );
    const lib = library({ 'runbooks/printing/printer-offline.yaml': broken });
    expect(lib.problems).toEqual(
      expect.arrayContaining([
        {
          file: 'runbooks/printing/printer-offline.yaml',
          path: 'steps[0].options[1].next',
          message: 'step "check-cable" does not exist',
        },
        {
          file: 'runbooks/printing/printer-offline.yaml',
          path: 'steps[1].id',
          message: 'step "check-port" cannot be reached from the first step',
        },
        {
          file: 'runbooks/printing/printer-offline.yaml',
          path: 'causes[1].id',
          message: 'cause "wrong-port" is never reached by a resolve branch',
        },
      ]),
    );
    expect(lib.runbooks).toEqual([]);
  });

  it('refuses a branch with two targets, too few options, and ids that are not kebab-case', () => {
    const broken = RUNBOOK.replace('resolve: paused-queue }', 'resolve: paused-queue, next: check-port }')
      .replace("      - { label: 'No', value: 'no', next: check-port }\n", '')
      .replace('id: printer-offline', 'id: Printer_Offline');
    const { problems } = library({ 'runbooks/printing/x.yaml': broken });
    const paths = problems.map((p) => p.path);
    expect(paths).toContain('id');
    expect(paths).toContain('steps[0].options');
    expect(problems.find((p) => p.path === 'steps[0].options[0]')?.message).toBe(
      'needs exactly one of next, resolve or contradicts',
    );
  });

  it('reports YAML syntax errors, duplicate ids across kinds, misfiled domains and malformed codes', () => {
    const ki = (id: string) =>
      `- { id: ${id}, title: T, domain: printing, symptoms: [s], scope: any, cause: c, fix: f, verify: v, source: { title: t, url: 'https://learn.microsoft.com/x' } }\n`;
    const code = (c: string, family = 'hresult') =>
      `- { code: '${c}', family: ${family}, domain: endpoint, meaning: m, causes: [c], checks: [k], source: { title: t, url: 'https://learn.microsoft.com/x' } }\n`;
    const { problems } = library({
      'runbooks/email/printer-offline.yaml': RUNBOOK,
      'known-issues/printing.yaml': ki('printer-offline') + ki('spooler-stops') + ki('spooler-stops'),
      'known-issues/broken.yaml': 'a: [unclosed',
      'error-codes/hresult.yaml': code('0x80070005') + code('0x8007005') + code('0x80070005'),
      // The same hex code under another family is the same code; the same number may not be.
      'error-codes/win32-sql.yaml':
        code('0xC004F074') +
        code('0xc004f074', 'office_activation') +
        code('233', 'win32') +
        code('233', 'sql'),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          file: 'runbooks/email/printer-offline.yaml',
          path: 'domain',
          message: 'is "printing" but the file sits in runbooks/email/',
        },
        {
          file: 'known-issues/printing.yaml',
          path: '[0].id',
          message: 'duplicate id "printer-offline" (first in runbooks/email/printer-offline.yaml)',
        },
        {
          file: 'known-issues/printing.yaml',
          path: '[2].id',
          message: 'duplicate id "spooler-stops" (first in known-issues/printing.yaml)',
        },
        {
          file: 'error-codes/hresult.yaml',
          path: '[1].code',
          message: '"0x8007005" is not written the way hresult codes are',
        },
        {
          file: 'error-codes/hresult.yaml',
          path: '[2].code',
          message: 'duplicate code "0x80070005" (first in error-codes/hresult.yaml)',
        },
        {
          file: 'error-codes/win32-sql.yaml',
          path: '[1].code',
          message: 'duplicate code "0xc004f074" (first in error-codes/win32-sql.yaml)',
        },
      ]),
    );
    expect(problems.filter((p) => p.file === 'error-codes/win32-sql.yaml')).toHaveLength(1);
    expect(problems.find((p) => p.file === 'known-issues/broken.yaml')?.message).toBe(
      'unexpected end of the stream within a flow collection at line 2, column 1',
    );
  });

  it('refuses plain text that " #" cuts short, and accepts the same text quoted', () => {
    const item = (fix: string) =>
      `- id: voice-call\n  title: T\n  domain: identity\n  symptoms: [s]\n  scope: any\n  cause: c\n  fix: ${fix}\n  verify: v\n  source: { title: t, url: 'https://learn.microsoft.com/x' }\n`;
    const cut = library({ 'known-issues/identity.yaml': item('Answer and press # to confirm.') });
    expect(cut.problems).toEqual([
      {
        file: 'known-issues/identity.yaml',
        path: 'line 7',
        message: 'the text is cut at " #" (YAML reads the rest as a comment): quote the value',
      },
    ]);
    const quoted = library({ 'known-issues/identity.yaml': item("'Answer and press # to confirm.'") });
    expect(quoted.problems).toEqual([]);
    expect(quoted.knownIssues[0]?.fix).toBe('Answer and press # to confirm.');
  });

  it('parses one runbook from YAML or JSON text and lists every error with its path', () => {
    expect('runbook' in parseRunbook(RUNBOOK)).toBe(true);
    const asJson = parseRunbook(JSON.stringify({ id: 'x', title: 'X', domain: 'nowhere' }));
    expect('errors' in asJson && asJson.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['domain', 'symptoms', 'causes', 'steps', 'verification']),
    );
  });

  it('publishes the runbook format as JSON Schema', () => {
    const schema = runbookJsonSchema();
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['id', 'title', 'domain', 'steps', 'causes']),
    });
  });
});
