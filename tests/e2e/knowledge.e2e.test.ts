import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSuite,
  formatAxe,
  seriousAxeViolations,
  UI_TIMEOUT,
  USERS,
  DEMO_PASSWORD,
} from '../helpers/e2e';
import { TestClient } from '../helpers/test-client';
import { newEscalation } from '../helpers/sessions';

/**
 * SPEC §14 through the real UI: an engineer imports a folder, people find and read the article, the
 * first answer of a new session quotes it, a resolved escalation becomes a proposal an admin approves
 * into an article the next session cites, and a stored script in an article stays text.
 *
 * The problems are about made-up line-of-business software (Medisoft Bridge, Scribelink) so nothing
 * shipped can answer them: a citation can only come from the account's own knowledge.
 */

const HANDSHAKE_TITLE = 'Medisoft Bridge: ledger handshake refused after the nightly backup';
const HANDSHAKE_CAUSE = 'The nightly backup job holds a lock on the Bridge ledger file';
const HANDSHAKE_FIX = 'Exclude the Bridge ledger folder from the nightly backup';

/** The folder an engineer picks: three articles, one empty Markdown file and one screenshot. */
function writeKnowledgeFolder(root: string): string {
  const dir = join(root, 'medisoft-kb');
  mkdirSync(join(dir, 'printing'), { recursive: true });
  mkdirSync(join(dir, 'drafts'), { recursive: true });
  writeFileSync(
    join(dir, 'bridge-handshake.md'),
    [
      '---',
      `title: "${HANDSHAKE_TITLE}"`,
      'tags: [medisoft, line-of-business]',
      '---',
      '',
      'The Medisoft Bridge sync agent stops every morning with "ledger handshake refused" and the',
      'front desk sees yesterday’s appointments only.',
      '',
      '## Cause',
      '',
      `${HANDSHAKE_CAUSE} (BRIDGE.LDB) until about 03:00; the sync agent gives up after three retries.`,
      '',
      '## Fix',
      '',
      `${HANDSHAKE_FIX}, then restart the "Medisoft Bridge Sync" service.`,
      '',
      '```',
      'Restart-Service "Medisoft Bridge Sync"',
      '```',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'printing', 'quillstone-labels.md'),
    '# Quillstone label printer prints blank labels\n\n## Fix\n\nRecalibrate the gap sensor from the printer menu.\n',
  );
  writeFileSync(
    join(dir, 'printing', 'orchard-kiosk.md'),
    '# Orchard roster kiosk shows an empty roster\n\nSign the kiosk out and back in to refresh its token.\n',
  );
  // A Markdown file the server reads and refuses: it must appear in the summary with its reason.
  writeFileSync(join(dir, 'drafts', 'empty.md'), '');
  // Not a supported type: the page leaves it out of the upload and says so.
  writeFileSync(join(dir, 'screenshot.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return dir;
}

/** No "Loading…" status left on the page, so axe judges the finished page and not a spinner. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('[role="status"]')].some((el) => /Loading/i.test(el.textContent ?? '')),
    undefined,
    { timeout: UI_TIMEOUT },
  );
}

/** Same rule as the accessibility suite: no serious or critical axe finding, printed in full if any. */
async function expectAxeClean(page: Page, where: string): Promise<void> {
  await settled(page);
  const findings = await seriousAxeViolations(page);
  expect(findings, formatAxe(where, findings)).toEqual([]);
}

/** The value shown next to a term of the import summary ("Imported" → "3"). */
const summaryFigure = (page: Page, term: string): Locator =>
  page.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');

/** The likely cause whose source links to `/knowledge/articles/<id>`, once the first answer shows it. */
async function causeCiting(page: Page, articleId: string): Promise<Locator> {
  const causes = page.getByRole('region', { name: 'Likely causes' });
  await causes.waitFor({ timeout: UI_TIMEOUT });
  const item = causes
    .getByRole('listitem')
    .filter({ has: page.locator(`a[href="/knowledge/articles/${articleId}"]`) });
  await item.waitFor({ timeout: UI_TIMEOUT });
  return item;
}

async function startSessionInBrowser(page: Page, problem: string): Promise<void> {
  await page.getByLabel('Problem').fill(problem);
  await page.getByRole('button', { name: 'Start session' }).click();
  await page.waitForURL((url) => /^\/sessions\/[0-9a-f-]{36}$/.test(url.pathname), { timeout: UI_TIMEOUT });
}

describe('browser: knowledge (SPEC §14), from import to the first answer, axe clean', () => {
  const suite = browserSuite();
  let tmp: string;
  let senior: TestClient;
  let tech: TestClient;
  let owner: TestClient;

  const articleIdByTitle = async (q: string, title: string): Promise<string> => {
    const res = await senior.request('GET', `/api/v1/knowledge/articles?q=${encodeURIComponent(q)}`);
    const found = (res.body.items as { id: string; title: string }[]).find((a) => a.title === title);
    if (!found) throw new Error(`no article "${title}" for "${q}": ${JSON.stringify(res.body)}`);
    return found.id;
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'rf-e2e-kb-'));
    const login = (email: string) => TestClient.signIn(suite.server.url, email, DEMO_PASSWORD);
    [senior, tech, owner] = await Promise.all([login(USERS.senior), login(USERS.tech), login(USERS.owner)]);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('an engineer imports a folder: progress, then the imported count and the failed file with its reason', async () => {
    const folder = writeKnowledgeFolder(tmp);
    const { page } = await suite.signIn(USERS.senior, '/knowledge/import');
    await page.getByRole('heading', { name: 'Import knowledge', level: 1 }).waitFor({ timeout: UI_TIMEOUT });

    // A webkitdirectory input takes a directory path in Playwright, like a folder picked by hand.
    await page.getByLabel('Import a folder').setInputFiles(folder);
    await page.getByText('4 files selected').waitFor({ timeout: UI_TIMEOUT });
    const selected = await page
      .getByRole('list', { name: 'Selected files' })
      .getByRole('listitem')
      .allTextContents();
    expect(selected).toContain('medisoft-kb/bridge-handshake.md');
    await page
      .getByText(/1 file is not a supported type and will\s+not be uploaded \(medisoft-kb\/screenshot\.png\)/)
      .waitFor({ timeout: UI_TIMEOUT });
    await expectAxeClean(page, '/knowledge/import (folder chosen)');

    await page.getByRole('button', { name: 'Import 4 files' }).click();
    // The bar stays on the card once the import ends, so seeing it cannot race a quick import.
    await page.getByRole('progressbar', { name: 'Import progress' }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByText('Import finished: 4 of 4 files processed.').waitFor({ timeout: 30_000 });
    expect(await summaryFigure(page, 'Imported').textContent()).toBe('3');
    expect(await summaryFigure(page, 'Failed').textContent()).toBe('1');
    const failures = page.getByRole('table', { name: 'Files that could not be imported' });
    const rows = failures.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('td').allTextContents()).toEqual([
      'medisoft-kb/drafts/empty.md',
      'the file is empty',
    ]);
    await expectAxeClean(page, '/knowledge/import (result)');
  });

  it('the article is found by search and shows its Markdown, provenance and history', async () => {
    const { page } = await suite.signIn(USERS.tech, '/knowledge');
    await page.getByRole('heading', { name: 'Knowledge', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByLabel('Search knowledge').fill('ledger handshake');
    const list = page.getByRole('list', { name: 'Articles' });
    // The other imported articles leave the list once the search applies.
    await expect
      .poll(async () => (await list.getByRole('heading').allTextContents()).map((t) => t.trim()), {
        timeout: UI_TIMEOUT,
      })
      .toEqual([HANDSHAKE_TITLE]);
    await expectAxeClean(page, '/knowledge?q=ledger handshake');

    await list.getByRole('link', { name: HANDSHAKE_TITLE }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/knowledge/articles/'), { timeout: UI_TIMEOUT });
    await page.getByRole('heading', { name: HANDSHAKE_TITLE, level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    // `## Cause` is rendered as a heading (one level under the page's h2 sections), not as "##" text.
    await page.getByRole('heading', { name: 'Cause', level: 3 }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByRole('heading', { name: 'Fix', level: 3 }).isVisible()).toBe(true);
    expect(await page.getByText(HANDSHAKE_CAUSE, { exact: false }).isVisible()).toBe(true);
    expect(await page.getByText('## Cause').count()).toBe(0);
    expect(await page.getByText('Imported from medisoft-kb/bridge-handshake.md').isVisible()).toBe(true);
    expect(await page.getByRole('list', { name: 'Tags' }).getByRole('listitem').allTextContents()).toEqual([
      'medisoft',
      'line-of-business',
    ]);
    await page.getByRole('heading', { name: 'History', level: 2 }).waitFor({ timeout: UI_TIMEOUT });
    const versions = page.getByRole('list', { name: 'Versions' }).locator(':scope > li');
    expect(await versions.count()).toBe(1);
    expect(await versions.first().textContent()).toContain('First version');
    await expectAxeClean(page, '/knowledge/articles/:id (imported)');
  });

  it('a new session worded differently gets the article’s cause and fix, citing it', async () => {
    const articleId = await articleIdByTitle('ledger handshake', HANDSHAKE_TITLE);
    const { page } = await suite.signIn(USERS.tech, '/sessions/new');
    await startSessionInBrowser(
      page,
      'Reception: every morning Medisoft Bridge will not sync, it says the handshake was refused once the backup has run',
    );
    const cause = await causeCiting(page, articleId);
    const text = (await cause.textContent()) ?? '';
    expect(text).toContain(HANDSHAKE_CAUSE);
    expect(text).toContain(`Fix: ${HANDSHAKE_FIX}`);
    expect(text).toContain(`Article: ${HANDSHAKE_TITLE}`);
    expect(await cause.getByRole('link', { name: HANDSHAKE_TITLE }).getAttribute('href')).toBe(
      `/knowledge/articles/${articleId}`,
    );
    await expectAxeClean(page, '/sessions/:id (first answer citing an article)');
  });

  it('flywheel: a resolved escalation becomes a proposal, the admin approves it edited, the next session cites it', async () => {
    const rootCause =
      'Scribelink Transcribe 4.2 reads the pedal only through the Scribelink HID Bridge service, which the upgrade set to Manual';
    const fix =
      'Set the Scribelink HID Bridge service to Automatic, start it, and reopen Scribelink Transcribe';
    const esc = await newEscalation(
      tech,
      'Scribelink foot pedal is ignored by Scribelink Transcribe on the typing pool PCs',
      'Replugged the pedal into another USB port, same result.',
    );
    const claimed = await senior.request('POST', `/api/v1/handoffs/${esc.handoffId}/claim`);
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    const noted = await senior.request('POST', `/api/v1/sessions/${esc.sessionId}/steps`, {
      text: 'services.msc: Scribelink HID Bridge is stopped, start type Manual since the 4.2 upgrade',
    });
    expect(noted.status, JSON.stringify(noted.body)).toBe(201);
    const resolved = await senior.request('POST', `/api/v1/sessions/${esc.sessionId}/resolve`, {
      root_cause: rootCause,
      resolution_summary: fix,
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);

    // Resolving hands the session to the drafter at once; it writes the proposal in the background.
    let proposal: { id: string; title: string; kind: string } | undefined;
    await expect
      .poll(
        async () => {
          const res = await owner.request('GET', '/api/v1/knowledge/proposals');
          proposal = (res.body.items as { source_session_ids: string[] }[] | undefined)?.find((p) =>
            p.source_session_ids.includes(esc.sessionId),
          ) as typeof proposal;
          return proposal?.kind;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe('article');

    const { page } = await suite.signIn(USERS.owner, '/knowledge/proposals');
    const card = page.getByRole('list', { name: 'Pending proposals' }).getByRole('listitem', {
      name: proposal!.title,
    });
    await card.waitFor({ timeout: UI_TIMEOUT });
    expect(await card.textContent()).toContain(fix);
    await expectAxeClean(page, '/knowledge/proposals');

    await card.getByRole('button', { name: `Approve ${proposal!.title}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve proposal' });
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    await expectAxeClean(page, '/knowledge/proposals approve dialog');
    const edited = 'Scribelink pedal ignored: HID Bridge service left on Manual';
    await dialog.getByLabel('Title').fill(edited);
    await dialog.getByRole('button', { name: 'Approve article' }).click();

    await page.waitForURL((url) => /^\/knowledge\/articles\/[^/]+$/.test(url.pathname), {
      timeout: UI_TIMEOUT,
    });
    await page.getByRole('heading', { name: edited, level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByText('Approved from a proposal').isVisible()).toBe(true);
    const articleId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await expectAxeClean(page, '/knowledge/articles/:id (approved proposal)');
    const left = await owner.request('GET', '/api/v1/knowledge/proposals');
    expect((left.body.items as { id: string }[]).map((p) => p.id)).not.toContain(proposal!.id);

    const techPage = (await suite.signIn(USERS.tech2, '/sessions/new')).page;
    await startSessionInBrowser(
      techPage,
      'The dictation pedal on a typing pool PC does nothing in Scribelink since their upgrade',
    );
    const cause = await causeCiting(techPage, articleId);
    expect(await cause.textContent()).toContain(`Article: ${edited}`);
    await expectAxeClean(techPage, '/sessions/:id (first answer citing the approved article)');
  });

  it('a stored <script> and <img onerror> in an article render as text and never run', async () => {
    const title = 'Medisoft Bridge kiosk note with markup in it';
    const created = await senior.request('POST', '/api/v1/knowledge/articles', {
      title,
      body: [
        'Pasted from the old wiki:',
        '',
        '<script>window.__pwned = 1</script>',
        '',
        '<img src=x onerror="window.__pwned=2">',
        '',
        '## Still rendered',
        '',
        'Markdown around the markup keeps working.',
      ].join('\n'),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const { page } = await suite.signIn(USERS.tech, `/knowledge/articles/${created.body.article.id}`);
    await page.getByRole('heading', { name: title, level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByText('<script>window.__pwned = 1</script>').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByText('<img src=x onerror="window.__pwned=2">').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Still rendered', level: 3 }).isVisible()).toBe(true);
    // An <img src=x> would fail to load almost at once; let pending loads settle before judging.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    // The rendered body is inside <main>; nothing in main may be a script or an image made of the text.
    const body = page.locator('main').filter({ hasText: 'Pasted from the old wiki:' });
    expect(await body.count()).toBe(1);
    expect(await body.locator('script, img').count()).toBe(0);
    await expectAxeClean(page, '/knowledge/articles/:id (markup as text)');
  });
});
