import type { Page, Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  browserSuite,
  contextDialog,
  markNoReload,
  NAMES,
  openLiveQueue,
  queueCard,
  UI_TIMEOUT,
  USERS,
  wasReloaded,
  DEMO_PASSWORD,
} from '../helpers/e2e';
import { TestClient } from '../helpers/test-client';
import { newEscalation } from '../helpers/sessions';

const CLAIM_POST = /^\/api\/v1\/handoffs\/[^/]+\/claim$/;

describe('handoff context screen and claiming', () => {
  const suite = browserSuite();
  let tech: TestClient;
  const onSession = (page: Page, sessionId: string) =>
    page.waitForURL((url) => url.pathname === `/sessions/${sessionId}` && !url.searchParams.has('pickup'), {
      timeout: UI_TIMEOUT,
    });

  beforeAll(async () => {
    tech = await TestClient.signIn(suite.server.url, USERS.tech, DEMO_PASSWORD);
  });

  it('opens the card, shows the four sections and the assessment, claims, and the card leaves the other queue live', async () => {
    const senior = await suite.signIn(USERS.senior, '/escalations');
    const other = await suite.signIn(USERS.senior2, '/escalations');
    await openLiveQueue(senior.page);
    await openLiveQueue(other.page);
    await markNoReload(other.page);

    const notes = 'Reset the password and cleared Credential Manager; prompt is back within minutes.';
    const esc = await newEscalation(
      tech,
      'Outlook on the reception PC keeps asking for the password since the MFA rollout',
      notes,
    );
    const card = queueCard(senior.page, esc.handoffId);
    const otherCard = queueCard(other.page, esc.handoffId);
    await card.waitFor({ timeout: UI_TIMEOUT });
    await otherCard.waitFor({ timeout: UI_TIMEOUT });

    await card.getByRole('link').click();
    await senior.page.waitForURL(
      (url) => url.pathname === `/sessions/${esc.sessionId}` && url.searchParams.get('pickup') === '1',
      { timeout: UI_TIMEOUT },
    );
    const dialog = contextDialog(senior.page);
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    expect(await dialog.getAttribute('aria-modal')).toBe('true');

    const problem = dialog.getByRole('region', { name: 'Problem' });
    const tried = dialog.getByRole('region', { name: 'What has been tried' });
    const assessment = dialog.getByRole('region', { name: 'Assessment' });
    const actions = dialog.getByRole('group', { name: 'Actions' });
    for (const part of [problem, tried, assessment, actions]) expect(await part.isVisible()).toBe(true);
    expect(await problem.textContent()).toContain(esc.summary);
    expect(await problem.textContent()).toContain('Theo Tech');
    expect(await tried.textContent()).toContain(notes);
    expect(
      await tried.getByRole('list', { name: 'Steps tried' }).getByRole('listitem').count(),
    ).toBeGreaterThanOrEqual(1);
    for (const name of ['Back', 'Claim and ask the assistant', 'Claim and continue']) {
      expect(await actions.getByRole('button', { name, exact: true }).isEnabled()).toBe(true);
    }
    // Focus starts on the primary action.
    expect(await senior.page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      'Claim and continue',
    );

    // Either still generating (then it fills in by itself) or already ready — never "unavailable".
    const initial = (await assessment.textContent()) ?? '';
    expect(initial).toMatch(/Generating assessment…|Likely cause/);
    console.info(
      `[e2e] assessment when the context screen opened: ${initial.includes('Generating') ? 'generating' : 'ready'}`,
    );
    await assessment.getByRole('heading', { name: 'Likely cause' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await assessment.getByText('Assessment unavailable').count()).toBe(0);
    expect(
      await assessment.getByRole('list', { name: 'Suggested steps' }).getByRole('listitem').count(),
    ).toBeGreaterThan(0);
    expect(await assessment.textContent()).toMatch(/(Low|Medium|High) confidence/);

    await actions.getByRole('button', { name: 'Claim and continue' }).click();
    await onSession(senior.page, esc.sessionId);
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    await senior.page.getByText('Claimed — this session is yours now.').waitFor({ timeout: UI_TIMEOUT });
    const chipsRegion = senior.page.getByRole('region', { name: 'Suggested next steps' });
    await chipsRegion.waitFor({ timeout: UI_TIMEOUT });
    const chips = chipsRegion.getByRole('button');
    expect(await chips.count()).toBeGreaterThan(0);

    // The other senior's card leaves without a reload.
    await otherCard.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await wasReloaded(other.page)).toBe(false);

    // "Context" reopens the screen as a reference overlay; Esc closes it.
    await senior.page.getByRole('button', { name: 'Context', exact: true }).click();
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    expect(await dialog.getByRole('button', { name: 'Claim and continue' }).count()).toBe(0);
    expect(await dialog.getByRole('region', { name: 'Problem' }).textContent()).toContain('Sam Senior');
    await senior.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });

    // A chip notes "Trying: …" in the timeline and is not offered again.
    const suggestion = (await chips.first().getAttribute('title'))!;
    await chips.first().click();
    await senior.page
      .getByText(`Added to the timeline: Trying: ${suggestion}`)
      .waitFor({ timeout: UI_TIMEOUT });
    await senior.page
      .locator('button', { hasText: suggestion })
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    const handoff = await tech.request('GET', `/api/v1/handoffs/${esc.handoffId}`);
    expect(handoff.body.handoff.claimed_by.name).toBe('Sam Senior');
  });

  for (const order of ['senior first', 'senior2 first'] as const) {
    it(`two seniors claim the same escalation at once (${order}): one wins, the other gets the race toast`, async () => {
      const esc = await newEscalation(
        tech,
        `Mapped drive S: disconnects every hour for the design team (${order})`,
      );
      const path = `/sessions/${esc.sessionId}?pickup=1`;
      const [a, b] = await Promise.all([suite.signIn(USERS.senior, path), suite.signIn(USERS.senior2, path)]);
      const buttons = [a, b].map((s) =>
        contextDialog(s.page).getByRole('button', { name: 'Claim and continue' }),
      );
      for (const button of buttons) await button.waitFor({ timeout: UI_TIMEOUT });

      // Both claims must leave their browsers before either reaches the server; otherwise the
      // first claim's live event closes the other dialog before its click and there is no race.
      const held: Route[] = [];
      let bothHeld!: () => void;
      const bothSent = new Promise<void>((resolve) => (bothHeld = resolve));
      for (const s of [a, b]) {
        await s.page.route(
          (url) => CLAIM_POST.test(url.pathname),
          (route) => {
            held.push(route);
            if (held.length === 2) bothHeld();
          },
        );
      }
      const statuses = [a, b].map((s) =>
        s.page
          .waitForResponse(
            (r) => r.request().method() === 'POST' && CLAIM_POST.test(new URL(r.url()).pathname),
            { timeout: UI_TIMEOUT },
          )
          .then((r) => r.status()),
      );
      const clicks = buttons.map((button) => () => button.click({ timeout: 5_000 }));
      await Promise.all((order === 'senior first' ? clicks : clicks.reverse()).map((click) => click()));
      await bothSent;
      await Promise.all(held.map((route) => route.continue()));
      const [statusA, statusB] = await Promise.all(statuses);
      expect([statusA, statusB].sort()).toEqual([200, 409]);

      const [winner, loser, winnerEmail] = statusA === 200 ? [a, b, USERS.senior] : [b, a, USERS.senior2];
      const winnerName = NAMES[winnerEmail]!;
      await onSession(winner.page, esc.sessionId);
      await winner.page.getByText('Claimed — this session is yours now.').waitFor({ timeout: UI_TIMEOUT });

      const toast = loser.page.getByText(/^Already claimed by .+\.$/);
      await toast.waitFor({ timeout: UI_TIMEOUT });
      expect((await toast.textContent())!.trim()).toMatch(
        new RegExp(`^Already claimed by ${winnerName} (just now|\\d+ seconds? ago)\\.$`),
      );
      await loser.page.waitForURL((url) => url.pathname === '/escalations', { timeout: UI_TIMEOUT });
      await loser.page
        .getByRole('heading', { name: 'Escalations', level: 1 })
        .waitFor({ timeout: UI_TIMEOUT });
      expect(await queueCard(loser.page, esc.handoffId).count()).toBe(0);

      const handoff = await tech.request('GET', `/api/v1/handoffs/${esc.handoffId}`);
      expect(handoff.body.handoff.claimed_by.name).toBe(winnerName);
    });
  }
});
