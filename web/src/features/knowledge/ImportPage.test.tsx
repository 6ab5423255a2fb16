import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, PAGE_LOAD, renderApp, resetBetweenTests, session } from '../../test/helpers';
import { findCall, makeImport } from './testFixtures';

resetBetweenTests();

const base = {
  'GET /me': json(session('engineer')),
  'GET /knowledge/proposals?status=pending': json({ items: [] }),
};

function fileInFolder(name: string, path: string): File {
  const file = new File(['# note'], name, { type: 'text/markdown' });
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
}

describe('knowledge import', () => {
  it('uploads files and a folder, follows the progress and ends with a summary of failures', async () => {
    const steps = [
      makeImport({ status: 'running', done: 1 }),
      makeImport({ status: 'running', done: 2 }),
      makeImport({
        status: 'done',
        done: 3,
        imported: 1,
        skipped: 1,
        failed: [{ file: 'kb/scan.docx', reason: 'The document is password protected' }],
      }),
    ];
    let polls = 0;
    const fetchMock = mockApi({
      ...base,
      'GET /knowledge/imports': json({ items: [] }),
      'POST /knowledge/import': json({ import: makeImport() }, 202),
      'GET /knowledge/imports/i1': () => json({ import: steps[Math.min(polls++, steps.length - 1)] }),
    });
    renderApp('/knowledge/import');

    expect(await screen.findByText('No imports yet.', {}, PAGE_LOAD)).toBeTruthy();
    const filesInput = screen.getByLabelText('Choose files') as HTMLInputElement;
    const folderInput = screen.getByLabelText('Import a folder') as HTMLInputElement;
    expect(filesInput.multiple).toBe(true);
    expect(filesInput.accept).toContain('.docx');
    expect(folderInput.hasAttribute('webkitdirectory')).toBe(true);

    fireEvent.change(filesInput, { target: { files: [new File(['a: 1'], 'vpn.yaml')] } });
    fireEvent.change(folderInput, {
      target: {
        files: [
          fileInFolder('notes.md', 'kb/notes.md'),
          fileInFolder('scan.docx', 'kb/scan.docx'),
          fileInFolder('logo.png', 'kb/logo.png'),
        ],
      },
    });
    expect(screen.getByText('3 files selected')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Selected files' }).textContent).toContain('kb/notes.md');
    expect(screen.getByText(/1 file is not a supported type/).textContent).toContain('kb/logo.png');

    fireEvent.click(screen.getByRole('button', { name: 'Import 3 files' }));

    const progress = await screen.findByRole('progressbar', { name: 'Import progress' });
    expect(progress.getAttribute('max')).toBe('3');
    await waitFor(() => expect(screen.getByText('2 of 3 files')).toBeTruthy(), { timeout: 3000 });
    expect(screen.getByRole('progressbar', { name: 'Import progress' }).getAttribute('value')).toBe('2');

    const summary = await screen.findByRole('heading', { name: 'Import result' }, { timeout: 3000 });
    const card = summary.closest('section') as HTMLElement;
    expect(within(card).getByText('Imported').nextElementSibling?.textContent).toBe('1');
    expect(within(card).getByText('Skipped as identical').nextElementSibling?.textContent).toBe('1');
    expect(within(card).getByText('Failed').nextElementSibling?.textContent).toBe('1');
    const failures = within(card).getByRole('table', { name: 'Files that could not be imported' });
    expect(within(failures).getByText('kb/scan.docx').nextElementSibling?.textContent).toBe(
      'The document is password protected',
    );
    expect(card.textContent).toContain('Import finished: 3 of 3 files processed.');

    // Polling stops once the import is done.
    const settled = polls;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(polls).toBe(settled);

    const upload = fetchMock.mock.calls[findCall(fetchMock, 'POST', '/knowledge/import')]?.[1] as RequestInit;
    const parts = (upload.body as FormData).getAll('files') as File[];
    expect(parts.map((part) => part.name)).toEqual(['vpn.yaml', 'kb/notes.md', 'kb/scan.docx']);
    expect((upload.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-123');
  });

  it('shows why an upload was refused', async () => {
    mockApi({
      ...base,
      'GET /knowledge/imports': json({ items: [] }),
      'POST /knowledge/import': json({ code: 'PAYLOAD_TOO_LARGE', message: 'The upload is over 50 MB' }, 413),
    });
    renderApp('/knowledge/import');
    fireEvent.change(await screen.findByLabelText('Choose files', {}, PAGE_LOAD), {
      target: { files: [new File(['x'], 'huge.zip')] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Import 1 file' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The upload was refused');
    expect(alert.textContent).toContain('The upload is over 50 MB');
  });

  it('lists recent imports and opens one', async () => {
    const failed = makeImport({
      id: 'i7',
      status: 'failed',
      done: 1,
      error: 'The archive is corrupt',
    });
    mockApi({
      ...base,
      'GET /knowledge/imports': json({ items: [failed] }),
      'GET /knowledge/imports/i7': json({ import: failed }),
    });
    const { router } = renderApp('/knowledge/import');
    const table = await screen.findByRole('table', { name: 'Recent imports' }, PAGE_LOAD);
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getByText('Failed')).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: /Details/ }));
    expect(await screen.findByText('The import failed')).toBeTruthy();
    expect(screen.getByText(/The archive is corrupt/)).toBeTruthy();
    expect(router.state.location.search).toBe('?import=i7');
  });
});
