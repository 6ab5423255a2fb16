import { useRef } from 'react';
import { Link, Outlet } from 'react-router';
import { CloseIcon, LogoMark, MenuIcon } from '../components/ui/icons';
import { useSession } from '../features/auth/AuthContext';
import { LiveProvider } from '../features/live/LiveProvider';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { useLiveSessionSync } from '../features/sessions/useLiveSessionSync';
import { useDismiss } from '../lib/useDismiss';
import { usePagePanel } from '../lib/usePagePanel';
import { MainNav } from './MainNav';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

const MAIN_NAV_ID = 'main-nav';

export function AppLayout() {
  const { user } = useSession();
  return (
    // One live connection for the signed-in app. The server refuses viewers a stream; their bell polls.
    <LiveProvider enabled={user.role !== 'viewer'}>
      <AppShell />
    </LiveProvider>
  );
}

function AppShell() {
  useLiveSessionSync();
  const { open: menuOpen, setOpen: setMenuOpen, close: closeMenu } = usePagePanel();
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const headerRowRef = useRef<HTMLDivElement>(null);

  useDismiss(menuOpen, closeMenu, menuButtonRef, headerRowRef);

  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:shadow dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95">
        <div
          ref={headerRowRef}
          className="mx-auto flex min-h-14 max-w-7xl flex-wrap items-center gap-x-3 px-4 sm:px-6"
        >
          <button
            ref={menuButtonRef}
            type="button"
            aria-expanded={menuOpen}
            aria-controls={MAIN_NAV_ID}
            onClick={() => setMenuOpen((open) => !open)}
            className="-ml-1 rounded-md p-2 text-slate-700 hover:bg-slate-100 md:hidden dark:text-slate-200 dark:hover:bg-slate-800"
          >
            {menuOpen ? <CloseIcon /> : <MenuIcon />}
            <span className="sr-only">Menu</span>
          </button>
          <Link to="/" className="mr-3 flex items-center gap-2 rounded-md py-3">
            <LogoMark />
            {/* Very narrow phones keep the name for screen readers but show just the mark. */}
            <span className="font-semibold tracking-tight text-slate-900 max-[399px]:sr-only dark:text-slate-50">
              ResolutionFlow
            </span>
          </Link>
          <MainNav id={MAIN_NAV_ID} mobileOpen={menuOpen} />
          <div className="ml-auto flex items-center gap-2">
            <ThemeToggle />
            <NotificationBell />
            <UserMenu />
          </div>
        </div>
      </header>
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto max-w-7xl px-4 py-6 focus:outline-none sm:px-6 sm:py-8"
      >
        <Outlet />
      </main>
    </div>
  );
}
