import { describe, expect, it } from 'vitest';
import {
  browserSuite,
  DEMO_PASSWORD,
  formatAxe,
  NAMES,
  seriousAxeViolations,
  UI_TIMEOUT,
  USERS,
} from '../helpers/e2e';
import { TestClient } from '../helpers/test-client';

/** A datetime-local value `hours` from now, in the browser's (and this machine's) local time. */
function localInput(hours: number) {
  const d = new Date(Date.now() + hours * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

describe('on-call schedules in Chromium', () => {
  const suite = browserSuite();

  it('an owner creates a schedule, sees the week, adds an override and pages the schedule from the policy', async () => {
    const { page } = await suite.signIn(USERS.owner, '/settings/schedules');
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.waitFor({ timeout: UI_TIMEOUT });
    await form.getByLabel('Name', { exact: true }).fill('Support rota');
    await form.getByLabel('Time zone').fill('Europe/London');
    await form.getByLabel('Layer 1 name').fill('Primary');
    await form.getByLabel('Layer 1 first hand-off').fill('2026-01-05T09:00');
    await form.getByLabel('Layer 1 shift length (hours)').fill('168');
    await form.getByLabel(NAMES[USERS.senior]!, { exact: true }).check();
    await form.getByLabel(NAMES[USERS.senior2]!, { exact: true }).check();
    await form.getByRole('button', { name: 'Save schedule' }).click();

    // The week view: seven local days of hour blocks, each line saying who covers which hours.
    const week = page.getByRole('table', { name: /Who is on call, hour by hour/ });
    await week.waitFor({ timeout: UI_TIMEOUT });
    expect(await week.getByRole('row').count()).toBe(8); // header + 7 days
    await expect
      .poll(() => week.textContent(), { timeout: UI_TIMEOUT })
      .toMatch(new RegExp(`00:00–24:00 (${NAMES[USERS.senior]}|${NAMES[USERS.senior2]}) \\(Primary\\)`));
    await page
      .getByTestId('on-call-now')
      .getByText(/On call now: (Sam|Sofia) Senior \(Primary\)/)
      .waitFor();

    // Sofia covers the current hour. The week view shows who is on call at the start of each hour of
    // this week, and the page lists overrides that have not ended: a window from an hour ago to an
    // hour ahead holds this hour's start and shows in both at any time (one starting later would fall
    // into next week late on a Sunday).
    const overrideForm = page.getByRole('form', { name: 'Add an override' });
    await overrideForm.getByLabel('Who covers').selectOption({ label: NAMES[USERS.senior2]! });
    await overrideForm.getByLabel('From').fill(localInput(-1));
    await overrideForm.getByLabel('Until').fill(localInput(1));
    await overrideForm.getByRole('button', { name: 'Add override' }).click();
    await page
      .getByRole('list', { name: 'Overrides' })
      .getByText(new RegExp(`^${NAMES[USERS.senior2]}:`))
      .waitFor({ timeout: UI_TIMEOUT });
    await expect.poll(() => week.textContent(), { timeout: UI_TIMEOUT }).toContain('(override)');

    const findings = await seriousAxeViolations(page);
    expect(
      findings.map((f) => f.id),
      formatAxe('schedules page', findings),
    ).toEqual([]);

    // The policy's level 0 pages whoever is on call on the new schedule.
    await page.goto('/settings/escalation-policy');
    const picker = page.getByLabel('Also page whoever is on call').first();
    await picker.waitFor({ timeout: UI_TIMEOUT });
    await picker.selectOption({ label: 'Support rota' });
    await page.getByText('on call in Support rota').first().waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText(/Escalation policy saved/).waitFor({ timeout: UI_TIMEOUT });

    const owner = await TestClient.signIn(suite.server.url, USERS.owner, DEMO_PASSWORD);
    const schedules = (await owner.get('/api/v1/schedules')).body.items as { id: string; name: string }[];
    const rota = schedules.find((s) => s.name === 'Support rota')!;
    const policy = (await owner.get('/api/v1/escalation-policy')).body.policy;
    expect(policy.levels[0].notify).toContain(`schedule:${rota.id}`);
    const policyFindings = await seriousAxeViolations(page);
    expect(
      policyFindings.map((f) => f.id),
      formatAxe('policy page', policyFindings),
    ).toEqual([]);
  });
});
