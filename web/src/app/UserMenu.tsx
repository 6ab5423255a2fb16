import { useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge } from '../components/ui/Badge';
import { Button } from '../components/ui/Button';
import { ChevronDownIcon } from '../components/ui/icons';
import { useAuth, useSession } from '../features/auth/AuthContext';
import { initials } from '../lib/format';
import { useDismiss } from '../lib/useDismiss';
import { usePagePanel } from '../lib/usePagePanel';
import { ROLE_LABELS } from '../lib/roles';

/** A disclosure (button + panel), not an ARIA menu: its content is plain text and one button. */
export function UserMenu() {
  const { user, account } = useSession();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const panelId = useId();
  const { open, setOpen, close } = usePagePanel();
  const [loggingOut, setLoggingOut] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  useDismiss(open, close, triggerRef, panelRef);

  const onLogout = async () => {
    setLoggingOut(true);
    await logout();
    // Start the next person at the dashboard, not on whatever page this user had open.
    navigate('/', { replace: true });
  };

  return (
    <div className="relative">
      <button
        ref={triggerRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="flex items-center gap-2 rounded-md p-1 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        <span
          aria-hidden="true"
          className="flex size-8 items-center justify-center rounded-full bg-accent-100 text-xs font-semibold text-accent-800 dark:bg-accent-900 dark:text-accent-100"
        >
          {initials(user.name) || '?'}
        </span>
        {/* The name is the button's accessible name at every width; it is only shown on large screens. */}
        <span className="sr-only max-w-40 truncate lg:not-sr-only lg:inline">{user.name}</span>
        <span className="sr-only">, account menu</span>
        <ChevronDownIcon className="hidden size-4 lg:block" />
      </button>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          className="absolute right-0 z-40 mt-2 w-72 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white p-4 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <p className="truncate font-semibold text-slate-900 dark:text-slate-50">{user.name}</p>
          <p className="truncate text-sm text-slate-600 dark:text-slate-400">{user.email}</p>
          <div className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
            <Badge tone="accent">{ROLE_LABELS[user.role] ?? user.role}</Badge>
            <span className="truncate">{account.name}</span>
          </div>
          <div className="mt-4 border-t border-slate-200 pt-3 dark:border-slate-700">
            <Button className="w-full" onClick={onLogout} loading={loggingOut}>
              Log out
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
