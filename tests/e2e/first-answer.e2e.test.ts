import { describe, expect, it } from 'vitest';
import { browserSuite, UI_TIMEOUT, USERS } from '../helpers/e2e';

describe('browser: the first answer leads with likely causes, and says plainly when nothing matches', () => {
  const suite = browserSuite();

  it('shows the likely causes with fix and source; "Not this" moves to the next one, "This fixed it" ends the suggestions', async () => {
    const { page } = await suite.signIn(USERS.tech, '/sessions/new');
    await page
      .getByLabel('Problem')
      .fill('Outlook keeps asking for the password since the password change, webmail is fine');
    await page.getByRole('button', { name: 'Start session' }).click();

    const causes = page.getByRole('region', { name: 'Likely causes' });
    await causes.waitFor({ timeout: UI_TIMEOUT });
    const items = causes.getByRole('listitem');
    expect(await items.count()).toBeGreaterThanOrEqual(2);
    const first = items.first();
    expect(await first.textContent()).toMatch(/Fix: /);
    expect(await first.textContent()).toMatch(/(Runbook|Known issue|Error code): /);
    const firstCause = (await first.locator('p').first().textContent())!.replace(/^1\. /, '');

    await first.getByRole('button', { name: 'Not this' }).click();
    // The ruled-out cause leaves the list; the answer is in the history.
    await page.getByText(`Not this: ${firstCause}`).waitFor({ timeout: UI_TIMEOUT });
    await expect.poll(async () => (await causes.textContent()) ?? '').not.toContain(firstCause);

    await causes.getByRole('listitem').first().getByRole('button', { name: 'This fixed it' }).click();
    await expect
      .poll(async () => await page.getByRole('region', { name: 'Current step' }).count(), {
        timeout: UI_TIMEOUT,
      })
      .toBe(0);
  });

  it('answers a non-IT request with "no match" and a triage question, never a check', async () => {
    const { page } = await suite.signIn(USERS.tech, '/sessions/new');
    await page
      .getByLabel('Problem')
      .fill('Can you tell me whether my home office costs are tax deductible this year?');
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByText('No match in the built-in knowledge').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByRole('region', { name: 'Likely causes' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Current step' }).textContent()).toContain(
      'Which system is involved?',
    );
  });
});
