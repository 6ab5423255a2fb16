import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, PAGE_LOAD, renderApp, resetBetweenTests, session } from '../../test/helpers';
import { findCall, makeArticle, makeRevisions } from './testFixtures';

resetBetweenTests();

const hostile = makeArticle({
  body: '# Fix\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[click me](javascript:alert(3))',
});

describe('article page', () => {
  it('renders the Markdown safely and shows provenance, authors and history', async () => {
    mockApi({
      'GET /me': json(session('tech')),
      'GET /knowledge/articles/a1': json({ article: hostile, revisions: makeRevisions() }),
    });
    renderApp('/knowledge/articles/a1');

    expect(await screen.findByRole('heading', { level: 1, name: hostile.title }, PAGE_LOAD)).toBeTruthy();
    expect(screen.getByText('Written here')).toBeTruthy();
    expect(screen.getByText('Created').nextElementSibling?.textContent).toContain('Alex Admin');
    expect(screen.getByText('Last updated').nextElementSibling?.textContent).toContain('Sam Senior');

    const main = screen.getByRole('main');
    expect(within(main).getByRole('heading', { level: 2, name: 'Fix' })).toBeTruthy();
    expect(main.querySelector('script')).toBeNull();
    expect(main.querySelector('img')).toBeNull();
    expect(main.querySelector('a[href^="javascript"]')).toBeNull();
    expect(main.textContent).toContain('<script>alert(1)</script>');
    expect(main.textContent).toContain('[click me](javascript:alert(3))');

    // Techs read; they cannot change or delete.
    expect(screen.queryByRole('link', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();

    const versions = screen.getByRole('list', { name: 'Versions' });
    const [newest, middle, oldest] = [...versions.children] as HTMLElement[];
    expect(newest?.textContent).toContain('Sam Senior');
    expect(newest?.textContent).toContain('Current');
    expect(newest?.textContent).toContain('Tags changed: +mfa');
    expect(newest?.textContent).toContain('Text: +2 −1 lines');
    expect(middle?.textContent).toContain('Title changed from “Outlook password prompt”');
    expect(middle?.textContent).not.toContain('Text:');
    expect(oldest?.textContent).toContain('First version');
  });

  it('lets engineers edit and delete after confirming', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('engineer')),
      'GET /knowledge/proposals?status=pending': json({ items: [] }),
      'GET /knowledge/articles/a1': json({ article: makeArticle(), revisions: makeRevisions() }),
      'DELETE /knowledge/articles/a1': json(null, 204),
      'GET /knowledge/articles?limit=20&offset=0': json({ items: [], total: 0, tags: [] }),
    });
    const { router } = renderApp('/knowledge/articles/a1');
    expect((await screen.findByRole('link', { name: 'Edit' }, PAGE_LOAD)).getAttribute('href')).toBe(
      '/knowledge/articles/a1/edit',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete article?' });
    expect(document.activeElement?.textContent).toBe('Cancel');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete article' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/knowledge'));
    expect(findCall(fetchMock, 'DELETE', '/knowledge/articles/a1')).toBeGreaterThan(-1);
  });

  it('says so when the article does not exist', async () => {
    mockApi({
      'GET /me': json(session('viewer')),
      'GET /knowledge/articles/gone': json({ code: 'NOT_FOUND', message: 'Not found' }, 404),
    });
    renderApp('/knowledge/articles/gone');
    expect(
      await screen.findByRole('heading', { name: 'This article does not exist' }, PAGE_LOAD),
    ).toBeTruthy();
  });
});
