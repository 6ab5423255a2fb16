import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockApi, PAGE_LOAD, renderApp, resetBetweenTests, session } from '../../test/helpers';
import { findCall, makeListItem } from './testFixtures';

resetBetweenTests();

const vpn = makeListItem({
  id: 'a2',
  kind: 'psa_ticket',
  title: 'VPN drops every 10 minutes',
  tags: ['vpn'],
  source: { type: 'psa_ticket', ref: '4711', label: 'PSA ticket #4711' },
  excerpt: 'The firewall idle timeout was too short.',
});
const tags = [
  { tag: 'outlook', count: 1 },
  { tag: 'vpn', count: 1 },
];

describe('knowledge articles list', () => {
  it('lists articles with kind, provenance, tags and excerpt, then searches and filters by tag', async () => {
    const fetchMock = mockApi({
      'GET /me': json(session('engineer')),
      'GET /knowledge/proposals?status=pending': json({ items: [] }),
      'GET /knowledge/articles?limit=20&offset=0': json({ items: [makeListItem(), vpn], total: 2, tags }),
      'GET /knowledge/articles?q=vpn&limit=20&offset=0': json({ items: [vpn], total: 1, tags }),
      'GET /knowledge/articles?q=vpn&tag=vpn&limit=20&offset=0': json({
        items: [vpn],
        total: 1,
        tags: [{ tag: 'vpn', count: 1 }],
      }),
    });
    renderApp('/knowledge');

    const list = await screen.findByRole('list', { name: 'Articles' }, PAGE_LOAD);
    const items = [...list.children];
    expect(items).toHaveLength(2);
    const first = items[0] as HTMLElement;
    expect(
      within(first).getByRole('link', { name: 'Outlook keeps asking for a password' }).getAttribute('href'),
    ).toBe('/knowledge/articles/a1');
    expect(within(first).getByText('Article')).toBeTruthy();
    expect(first.textContent).toContain('Written here');
    expect(first.textContent).toContain('Clear the cached credentials');
    expect(within(first).getByRole('list', { name: /Tags of/ }).textContent).toBe('outlookmfa');
    const second = items[1] as HTMLElement;
    expect(within(second).getByText('PSA ticket')).toBeTruthy();
    expect(second.textContent).toContain('PSA ticket #4711');

    fireEvent.change(screen.getByLabelText('Search knowledge'), { target: { value: 'vpn' } });
    await waitFor(() => expect(screen.queryByText('Outlook keeps asking for a password')).toBeNull());
    expect(screen.getByText('VPN drops every 10 minutes')).toBeTruthy();

    const chips = screen.getByRole('group', { name: 'Filter by tag' });
    const chip = within(chips).getByRole('button', { name: /vpn/ });
    expect(chip.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(chip);
    await waitFor(() =>
      expect(
        findCall(fetchMock, 'GET', '/knowledge/articles?q=vpn&tag=vpn&limit=20&offset=0'),
      ).toBeGreaterThan(-1),
    );
    await waitFor(() =>
      expect(within(chips).getByRole('button', { name: /vpn/ }).getAttribute('aria-pressed')).toBe('true'),
    );
  });

  it('pages through long lists', async () => {
    const page = (offset: number) =>
      Array.from({ length: offset === 0 ? 20 : 5 }, (_, i) =>
        makeListItem({ id: `a${offset + i}`, title: `Article ${offset + i + 1}` }),
      );
    mockApi({
      'GET /me': json(session('tech')),
      'GET /knowledge/articles?limit=20&offset=0': json({ items: page(0), total: 25, tags: [] }),
      'GET /knowledge/articles?limit=20&offset=20': json({ items: page(20), total: 25, tags: [] }),
    });
    renderApp('/knowledge');
    const pager = await screen.findByRole('navigation', { name: 'Pages' }, PAGE_LOAD);
    expect(pager.textContent).toContain('1–20 of 25');
    expect((within(pager).getByRole('button', { name: 'Previous' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    fireEvent.click(within(pager).getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Article 25')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Pages' }).textContent).toContain('21–25 of 25');
  });

  it('offers New article and Import to engineers, and explains how to teach the assistant', async () => {
    mockApi({
      'GET /me': json(session('engineer')),
      'GET /knowledge/proposals?status=pending': json({ items: [] }),
      'GET /knowledge/articles?limit=20&offset=0': json({ items: [], total: 0, tags: [] }),
    });
    renderApp('/knowledge');
    expect(
      await screen.findByRole('heading', { name: 'Teach the assistant what your team knows' }, PAGE_LOAD),
    ).toBeTruthy();
    expect(screen.getAllByRole('link', { name: 'New article' })[0]?.getAttribute('href')).toBe(
      '/knowledge/articles/new',
    );
    expect(screen.getAllByRole('link', { name: 'Import' })[0]?.getAttribute('href')).toBe(
      '/knowledge/import',
    );
  });

  it('lets viewers read but not write or import', async () => {
    mockApi({
      'GET /me': json(session('viewer')),
      'GET /knowledge/articles?limit=20&offset=0': json({ items: [makeListItem()], total: 1, tags }),
    });
    renderApp('/knowledge');
    expect(await screen.findByText('Outlook keeps asking for a password', {}, PAGE_LOAD)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'New article' })).toBeNull();
    // The Import section stays in the section row (it explains itself); the header offers no action.
    const header = screen.getByRole('heading', { level: 1 }).parentElement?.parentElement as HTMLElement;
    expect(within(header).queryByRole('link')).toBeNull();
    expect(
      within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Knowledge' }),
    ).toBeTruthy();
  });

  it('tells a viewer who opens the editor by URL that writing is for seniors', async () => {
    mockApi({ 'GET /me': json(session('viewer')) });
    renderApp('/knowledge/articles/new');
    expect(
      await screen.findByRole('heading', { name: 'Writing articles is not available to you' }, PAGE_LOAD),
    ).toBeTruthy();
  });
});
