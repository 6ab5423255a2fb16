import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, renderApp, requestBody, resetBetweenTests, session } from '../../../test/helpers';
import type { PsaConnection } from './api';
import type { PsaHistoryImport } from './historyImportApi';

resetBetweenTests();

// Polling runs on real timers at 1 s, so following an import to its end takes a few seconds.
const POLLED = { timeout: 4000 };
const SLOW_TEST = 10_000;

const connection: PsaConnection = {
  provider: 'connectwise',
  enabled: true,
  site_url: 'https://api-na.myconnectwise.net',
  company_id: 'northwind',
  public_key: '…cdEF',
  has_private_key: true,
  client_id: 'c0ffee00-1111',
  escalated_status: null,
  resolved_status: null,
  resolution_note_visibility: 'internal',
  post_time_entry: false,
  last_test: null,
  created_at: '2025-05-01T09:00:00Z',
  updated_at: '2025-05-01T09:00:00Z',
};

function psaImport(overrides: Partial<PsaHistoryImport> = {}): PsaHistoryImport {
  return {
    id: 'p1',
    kind: 'psa_history',
    status: 'queued',
    total: 0,
    done: 0,
    imported: 0,
    skipped: 0,
    failed: [],
    error: null,
    since: '2024-01-01T00:00:00.000Z',
    created_at: '2025-05-04T10:00:00Z',
    updated_at: '2025-05-04T10:00:00Z',
    finished_at: null,
    ...overrides,
  };
}

/** The rest of the settings page, with a saved connection unless told otherwise. */
function pageRoutes(saved: PsaConnection | null = connection) {
  return {
    'GET /me': json(session('admin')),
    'GET /psa/connection': json({ connection: saved }),
    'GET /psa/members': json({ items: [] }),
    'GET /psa/remote-members': json({ items: [] }),
  };
}

function callIndex(fetchMock: ReturnType<typeof mockApi>, method: string, path: string) {
  return fetchMock.mock.calls.findIndex(
    ([url, init]) =>
      ((init as RequestInit).method ?? 'GET') === method && String(url).endsWith(`/api/v1${path}`),
  );
}

function yearAgo(): string {
  const date = new Date();
  date.setFullYear(date.getFullYear() - 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const progressBar = () => screen.getByRole('progressbar', { name: 'PSA import progress' });

describe('PSA history import', () => {
  it(
    'starts an import from the chosen date and follows it to the summary',
    async () => {
      const steps = [
        psaImport({ status: 'running', total: 3, done: 1, imported: 1 }),
        psaImport({ status: 'running', total: 3, done: 2, imported: 1, skipped: 1 }),
        psaImport({ status: 'done', total: 3, done: 3, imported: 2, skipped: 1 }),
      ];
      let polls = 0;
      const fetchMock = mockApi({
        ...pageRoutes(),
        'GET /knowledge/imports': json({ items: [] }),
        'POST /psa/history-import': json({ import: psaImport() }, 202),
        'GET /knowledge/imports/p1': () => json({ import: steps[Math.min(polls++, steps.length - 1)] }),
      });
      renderApp('/settings/psa');

      const form = await screen.findByRole('form', { name: 'Import closed tickets' });
      const since = within(form).getByLabelText('Closed since') as HTMLInputElement;
      expect(since.type).toBe('date');
      expect(since.value).toBe(yearAgo());
      expect(screen.getByText(/become knowledge the assistant can cite/)).toBeTruthy();

      fireEvent.change(since, { target: { value: '2024-01-01' } });
      fireEvent.click(within(form).getByRole('button', { name: 'Import closed tickets' }));

      await waitFor(() => expect(screen.getByText('2 of 3 tickets')).toBeTruthy(), POLLED);
      expect(requestBody(fetchMock, callIndex(fetchMock, 'POST', '/psa/history-import'))).toEqual({
        since: '2024-01-01',
      });
      expect(progressBar().getAttribute('value')).toBe('2');
      expect(progressBar().getAttribute('max')).toBe('3');
      // One import at a time: no second start while this one runs.
      expect(
        (within(form).getByRole('button', { name: 'Import closed tickets' }) as HTMLButtonElement).disabled,
      ).toBe(true);

      expect(
        await screen.findByText(/Imported 2 tickets as knowledge, skipped 1 already known/, {}, POLLED),
      ).toBeTruthy();
      expect(progressBar().getAttribute('value')).toBe('3');
      expect(screen.getByText('3 of 3 tickets')).toBeTruthy();
      expect(screen.getByRole('link', { name: 'See the imported tickets' }).getAttribute('href')).toBe(
        '/knowledge?kind=psa_ticket',
      );
      expect(
        (within(form).getByRole('button', { name: 'Import closed tickets' }) as HTMLButtonElement).disabled,
      ).toBe(false);

      // Polling stops once the import is done.
      const seen = polls;
      await new Promise((resolve) => setTimeout(resolve, 1300));
      expect(polls).toBe(seen);
    },
    SLOW_TEST,
  );

  it('follows the import that is already running when the server says so', async () => {
    mockApi({
      ...pageRoutes(),
      'GET /knowledge/imports': json({ items: [] }),
      'POST /psa/history-import': json(
        {
          code: 'IMPORT_RUNNING',
          message: 'A PSA history import is already running for this account',
          import_id: 'p9',
        },
        409,
      ),
      'GET /knowledge/imports/p9': json({
        import: psaImport({ id: 'p9', status: 'running', total: 10, done: 4 }),
      }),
    });
    renderApp('/settings/psa');

    fireEvent.click(await screen.findByRole('button', { name: 'Import closed tickets' }));

    expect(await screen.findByText(/An import is already running/)).toBeTruthy();
    expect(await screen.findByText('4 of 10 tickets')).toBeTruthy();
    expect(progressBar().getAttribute('value')).toBe('4');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows why the server refused to start', async () => {
    mockApi({
      ...pageRoutes(),
      'GET /knowledge/imports': json({ items: [] }),
      'POST /psa/history-import': json(
        { code: 'PSA_NOT_CONNECTED', message: 'The PSA connection is switched off (Settings → PSA)' },
        409,
      ),
    });
    renderApp('/settings/psa');

    fireEvent.click(await screen.findByRole('button', { name: 'Import closed tickets' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The PSA connection is switched off (Settings → PSA)');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('on load shows the latest PSA import, here one that failed, with its error', async () => {
    mockApi({
      ...pageRoutes(),
      'GET /knowledge/imports': json({
        items: [
          { ...psaImport({ id: 'f1', status: 'done', total: 1, done: 1 }), kind: 'files' },
          psaImport({
            id: 'p2',
            status: 'failed',
            total: 40,
            done: 12,
            imported: 12,
            error: 'ConnectWise refused the credentials (HTTP 401)',
          }),
          psaImport({ id: 'p1', status: 'done' }),
        ],
      }),
      'GET /knowledge/imports/p2': json({
        import: psaImport({
          id: 'p2',
          status: 'failed',
          total: 40,
          done: 12,
          imported: 12,
          error: 'ConnectWise refused the credentials (HTTP 401)',
        }),
      }),
    });
    renderApp('/settings/psa');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The import failed')).toBeTruthy();
    expect(alert.textContent).toContain('ConnectWise refused the credentials (HTTP 401)');
    expect(progressBar().getAttribute('value')).toBe('12');
    expect(screen.getByText('12 of 40 tickets')).toBeTruthy();
    expect(screen.getByText(/Imported 12 tickets as knowledge, skipped 0 already known/)).toBeTruthy();
  });

  it.each([
    ['there is no connection', null],
    ['the connection is switched off', { ...connection, enabled: false }],
  ])('is hidden when %s', async (_case, saved) => {
    const fetchMock = mockApi(pageRoutes(saved));
    renderApp('/settings/psa');

    expect(await screen.findByRole('form', { name: 'ConnectWise connection' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Import closed tickets' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Import closed tickets' })).toBeNull();
    expect(callIndex(fetchMock, 'GET', '/knowledge/imports')).toBe(-1);
  });
});
