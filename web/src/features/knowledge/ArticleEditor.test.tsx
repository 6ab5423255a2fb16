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
} from '../../test/helpers';
import { findCall, makeArticle, makeRevisions } from './testFixtures';

resetBetweenTests();

const base = {
  'GET /me': json(session('engineer')),
  'GET /knowledge/proposals?status=pending': json({ items: [] }),
};

describe('article editor', () => {
  it('pre-fills the title from the link, previews the Markdown and saves to the new article', async () => {
    const created = makeArticle({
      id: 'a9',
      title: 'Printer offline',
      body: '## Steps\n\n1. Restart spooler',
    });
    const fetchMock = mockApi({
      ...base,
      'POST /knowledge/articles': json({ article: created }, 201),
      'GET /knowledge/articles/a9': json({ article: created, revisions: [] }),
    });
    const { router } = renderApp('/knowledge/articles/new?title=Printer%20offline');

    const title = (await screen.findByLabelText('Title', {}, PAGE_LOAD)) as HTMLInputElement;
    expect(title.value).toBe('Printer offline');
    fireEvent.change(screen.getByLabelText('Tags'), { target: { value: 'printing, spooler, printing' } });
    fireEvent.change(screen.getByLabelText('Text'), { target: { value: '## Steps\n\n1. Restart spooler' } });

    fireEvent.click(screen.getByRole('tab', { name: 'Preview' }));
    const preview = screen.getByRole('region', { name: 'Text preview' });
    expect(within(preview).getByRole('heading', { level: 3, name: 'Steps' })).toBeTruthy();
    expect(screen.queryByLabelText('Text')).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: 'Write' }));
    expect((screen.getByLabelText('Text') as HTMLTextAreaElement).value).toBe(
      '## Steps\n\n1. Restart spooler',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Save article' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/knowledge/articles/a9'));
    expect(requestBody(fetchMock, findCall(fetchMock, 'POST', '/knowledge/articles'))).toEqual({
      title: 'Printer offline',
      body: '## Steps\n\n1. Restart spooler',
      tags: ['printing', 'spooler'],
    });
  });

  it('says clearly when the same article already exists', async () => {
    mockApi({
      ...base,
      'POST /knowledge/articles': json(
        {
          code: 'DUPLICATE_ARTICLE',
          message: 'An article with the same title and text already exists in this account',
        },
        409,
      ),
    });
    renderApp('/knowledge/articles/new?title=VPN&body=Restart%20the%20tunnel');
    expect(((await screen.findByLabelText('Text', {}, PAGE_LOAD)) as HTMLTextAreaElement).value).toBe(
      'Restart the tunnel',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save article' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This article already exists');
    expect(alert.textContent).toContain('already exists in this account. Nothing was saved.');
    expect(within(alert).getByRole('link', { name: 'find the existing article' }).getAttribute('href')).toBe(
      '/knowledge?q=VPN',
    );
  });

  it('shows the server’s field errors next to the fields, and checks empty fields first', async () => {
    const fetchMock = mockApi({
      ...base,
      'POST /knowledge/articles': json(
        {
          code: 'VALIDATION_ERROR',
          message: 'Invalid request: tags: At most 20 tags',
          details: [{ path: 'tags', message: 'At most 20 tags' }],
        },
        400,
      ),
    });
    renderApp('/knowledge/articles/new');
    fireEvent.click(await screen.findByRole('button', { name: 'Save article' }, PAGE_LOAD));
    expect(screen.getByText('Give the article a title.')).toBeTruthy();
    expect(screen.getByText('Write the article’s text.')).toBeTruthy();
    expect(findCall(fetchMock, 'POST', '/knowledge/articles')).toBe(-1);

    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Many tags' } });
    fireEvent.change(screen.getByLabelText('Text'), { target: { value: 'Body' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save article' }));
    const tags = screen.getByLabelText('Tags');
    await waitFor(() => expect(tags.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('At most 20 tags')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Check the fields marked below');
    expect(document.activeElement).toBe(tags);
  });

  it('edits an article, sending only what changed', async () => {
    const article = makeArticle();
    const fetchMock = mockApi({
      ...base,
      'GET /knowledge/articles/a1': json({ article, revisions: makeRevisions() }),
      'PUT /knowledge/articles/a1': json({ article: { ...article, tags: ['outlook'] } }),
    });
    const { router } = renderApp('/knowledge/articles/a1/edit');
    const tags = (await screen.findByLabelText('Tags', {}, PAGE_LOAD)) as HTMLInputElement;
    expect(tags.value).toBe('outlook, mfa');
    fireEvent.change(tags, { target: { value: 'outlook' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/knowledge/articles/a1'));
    expect(requestBody(fetchMock, findCall(fetchMock, 'PUT', '/knowledge/articles/a1'))).toEqual({
      tags: ['outlook'],
    });
  });
});
