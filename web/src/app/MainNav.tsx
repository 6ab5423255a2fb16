import { NavLink } from 'react-router';
import { cx } from '../components/ui/cx';
import { useSession } from '../features/auth/AuthContext';
import { navEntriesFor } from './navigation';

interface MainNavProps {
  id: string;
  /** Phone widths only: whether the collapsed menu is expanded. Ignored from `md` up. */
  mobileOpen: boolean;
}

/**
 * One <nav> for every screen size: a row in the header from `md` up, and below that a full-width
 * panel under the header row that the menu button toggles.
 */
export function MainNav({ id, mobileOpen }: MainNavProps) {
  const { user } = useSession();
  return (
    <nav
      id={id}
      aria-label="Main"
      className={cx(
        mobileOpen ? 'block' : 'hidden',
        'order-last w-full border-t border-slate-200 py-2 md:order-none md:block md:w-auto md:border-0 md:py-0 dark:border-slate-800',
      )}
    >
      <ul className="flex flex-col gap-1 md:flex-row">
        {navEntriesFor(user.role).map(({ to, label, icon: Icon, end }) => (
          <li key={to}>
            <NavLink
              to={to}
              end={end}
              className={({ isActive }) =>
                cx(
                  'flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium',
                  isActive
                    ? 'bg-accent-50 text-accent-800 dark:bg-accent-950 dark:text-accent-200'
                    : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-slate-50',
                )
              }
            >
              <Icon className="size-4 shrink-0" />
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
