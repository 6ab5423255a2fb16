import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/roles';
import { THEME_STORAGE_KEY } from '../lib/theme';
import { json, mockApi, renderApp, resetBetweenTests, session } from '../test/helpers';

resetBetweenTests();

async function renderAs(role: Role, path = '/') {
  mockApi({ 'GET /me': json(session(role)), 'POST /auth/logout': json(null, 204) });
  const result = renderApp(path);
  await screen.findByRole('heading', { level: 1 });
  return result;
}

function navLinkNames(): string[] {
  const nav = screen.getByRole('navigation', { name: 'Main' });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent ?? '');
}

describe('app layout', () => {
  it('hides Escalations and Analytics from techs and viewers', async () => {
    await renderAs('tech');
    expect(navLinkNames()).toEqual(['Dashboard', 'Sessions', 'Knowledge', 'Settings']);
  });

  it('shows every section to engineers', async () => {
    await renderAs('engineer');
    expect(navLinkNames()).toEqual([
      'Dashboard',
      'Sessions',
      'Escalations',
      'Analytics',
      'Knowledge',
      'Settings',
    ]);
  });

  it('explains instead of rendering a senior-only page reached by URL', async () => {
    await renderAs('viewer', '/analytics');
    expect(screen.getByRole('heading', { name: 'Analytics is not available to you' })).toBeTruthy();
  });

  it('marks the current page in the nav and toggles the phone menu', async () => {
    await renderAs('admin', '/sessions');
    expect(screen.getByRole('link', { name: 'Sessions' }).getAttribute('aria-current')).toBe('page');

    const menuExpanded = () => screen.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded');
    expect(menuExpanded()).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'Menu' }));
    await waitFor(() => expect(menuExpanded()).toBe('true'));
    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(menuExpanded()).toBe('false'));
  });

  it('persists the theme choice and applies the dark class', async () => {
    await renderAs('admin');
    fireEvent.click(screen.getByRole('button', { name: 'Dark theme' }));
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(document.documentElement.classList.contains('dark')).toBe(true);
    expect(screen.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('shows name and role in the user menu and logs out to the sign-in page', async () => {
    await renderAs('engineer');
    fireEvent.click(screen.getByRole('button', { name: /account menu/ }));
    expect(screen.getByText('alex@example.com')).toBeTruthy();
    expect(screen.getByText('Engineer')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Log out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
  });

  it('closes the open account menu when the page changes', async () => {
    const { router } = await renderAs('engineer');
    fireEvent.click(screen.getByRole('button', { name: /account menu/ }));
    expect(screen.getByText('alex@example.com')).toBeTruthy();
    await act(() => router.navigate('/settings'));
    expect(screen.queryByText('alex@example.com')).toBeNull();
  });
});
