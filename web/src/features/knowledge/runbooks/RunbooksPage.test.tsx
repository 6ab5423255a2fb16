import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  json,
  mockApi,
  PAGE_LOAD,
  renderApp,
  requestBody,
  resetBetweenTests,
  session,
} from '../../../test/helpers';
import { makeRunbook, makeSummary } from './testFixtures';
// The routes load these pages lazily; importing them here keeps the first findBy from timing the
// transform of a cold module instead of the page.
import './RunbookEditorPage';
import './RunbookPage';
import './RunbooksPage';

resetBetweenTests();

const shipped = makeSummary({
  id: 'onedrive-sync-stuck',
  title: 'OneDrive sync stuck',
  domain: 'm365',
  origin: 'shipped',
  updated_at: null,
  steps: 5,
  causes: 4,
});

const YAML = `
id: printer-offline
title: Printer shows offline
domain: printing
symptoms: [Printer shows Offline]
causes:
  - id: spooler-stuck
    text: The print spooler is stuck.
    fix: Restart the Print Spooler service.
steps:
  - id: restart-spooler
    kind: action
    text: Restart the print spooler.
    command: Restart-Service Spooler
    expected_outcome: The printer comes back online.
    on:
      worked: { resolve: spooler-stuck }
      failed: { next: missing-step }
verification: [A test page prints.]
`;

describe('runbook list', () => {
  it('lists runbooks with their origin and filters by origin', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('tech')),
      'GET /knowledge/proposals?status=pending': json({ items: [] }),
      'GET /knowledge/runbooks': json({
        items: [makeSummary({ forked_from: 'outlook-disconnected' }), shipped],
      }),
      'GET /knowledge/runbooks?origin=account': json({ items: [makeSummary()] }),
    });
    renderApp('/knowledge/runbooks');

    const list = await screen.findByRole('list', { name: 'Runbooks' }, PAGE_LOAD);
    const [ours, theirs] = within(list).getAllByRole('listitem');
    expect(within(ours!).getByText('Ours')).toBeTruthy();
    expect(within(ours!).getByText('Fork of shipped')).toBeTruthy();
    expect(within(theirs!).getByText('Shipped')).toBeTruthy();
    expect(within(theirs!).getByText('Microsoft 365')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Runbooks' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'JSON Schema' }).getAttribute('href')).toBe(
      '/api/v1/knowledge/schema/runbook.json',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Ours' }));
    await waitFor(() => expect(screen.queryByText('OneDrive sync stuck')).toBeNull());
    expect(
      fetchMock.mock.calls.some(([url]) => String(url).endsWith('/knowledge/runbooks?origin=account')),
    ).toBe(true);
  });

  it('reads only for techs and viewers: no new or import buttons', async () => {
    mockApi({
      'GET /me': json(session('viewer')),
      'GET /knowledge/runbooks': json({ items: [shipped] }),
    });
    renderApp('/knowledge/runbooks');
    await screen.findByText('OneDrive sync stuck', {}, PAGE_LOAD);
    expect(screen.queryByRole('link', { name: 'New runbook' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Import YAML/JSON' })).toBeNull();
  });

  it('opens the editor pre-filled from an imported YAML file and creates it', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('engineer')),
      'GET /knowledge/proposals?status=pending': json({ items: [] }),
      'GET /knowledge/runbooks': json({ items: [] }),
      'POST /knowledge/runbooks': json({ runbook: makeRunbook() }, 201),
      'GET /knowledge/runbooks/outlook-disconnected': json({ runbook: makeRunbook(), origin: 'account' }),
    });
    const { router } = renderApp('/knowledge/runbooks');
    await screen.findByRole('button', { name: 'Import YAML/JSON' }, PAGE_LOAD);

    const file = new File([YAML], 'printer.yaml', { type: 'text/yaml' });
    fireEvent.change(screen.getByLabelText('Import YAML/JSON runbook file'), { target: { files: [file] } });

    await waitFor(() => expect(router.state.location.pathname).toBe('/knowledge/runbooks/new'), PAGE_LOAD);
    expect(((await screen.findByLabelText('Id', {}, PAGE_LOAD)) as HTMLInputElement).value).toBe(
      'printer-offline',
    );
    expect((screen.getByLabelText('Domain') as HTMLSelectElement).value).toBe('printing');
    expect((screen.getByLabelText('Command (optional)') as HTMLTextAreaElement).value).toBe(
      'Restart-Service Spooler',
    );
    expect(screen.getByText('printer.yaml')).toBeTruthy();
    // Imported work is checked at once: the dangling branch is marked before any save.
    const failedNext = screen.getByLabelText('Did not work: next step');
    expect(failedNext.getAttribute('aria-invalid')).toBe('true');

    // Fix it by ruling the runbook out on failure, then create.
    fireEvent.change(screen.getByLabelText('Did not work: leads to'), { target: { value: 'contradicts' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create runbook' }));

    await waitFor(
      () => expect(router.state.location.pathname).toBe('/knowledge/runbooks/outlook-disconnected'),
      PAGE_LOAD,
    );
    const post = fetchMock.mock.calls.findIndex(([, init]) => (init as RequestInit).method === 'POST');
    expect(requestBody(fetchMock, post)).toMatchObject({
      id: 'printer-offline',
      keywords: [],
      error_codes: [],
      steps: [
        {
          id: 'restart-spooler',
          on: { worked: { resolve: 'spooler-stuck' }, failed: { contradicts: true } },
        },
      ],
    });
  });

  it('says why a file that is not YAML cannot be imported', async () => {
    mockApi({
      'GET /me': json(session('owner')),
      'GET /knowledge/proposals?status=pending': json({ items: [] }),
      'GET /knowledge/runbooks': json({ items: [] }),
    });
    renderApp('/knowledge/runbooks');
    await screen.findByRole('button', { name: 'Import YAML/JSON' }, PAGE_LOAD);
    const file = new File(['{"id": '], 'broken.json', { type: 'application/json' });
    fireEvent.change(screen.getByLabelText('Import YAML/JSON runbook file'), { target: { files: [file] } });
    expect((await screen.findByRole('alert', {}, PAGE_LOAD)).textContent).toContain('This is not valid JSON');
  });
});
