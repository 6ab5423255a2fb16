import { NavLink, Outlet } from 'react-router';
import { cx } from '../../components/ui/cx';
import { PageHeader } from '../../components/ui/PageHeader';
import { canManageMembers } from '../../lib/roles';
import { useSession } from '../auth/AuthContext';

// Sub-pages are routes, not ARIA tabs: each has its own URL, and links announce aria-current="page".
const SECTIONS = [
  { to: '/settings/members', label: 'Members' },
  { to: '/settings/tokens', label: 'API tokens' },
  { to: '/settings/two-factor', label: 'Two-factor' },
  { to: '/settings/sign-in-sessions', label: 'Sign-in sessions' },
  { to: '/settings/push', label: 'Push notifications' },
  { to: '/settings/escalation-policy', label: 'Escalation policy' },
  // Admin-only sections: hidden from others, who get an explanation if they arrive by URL.
  { to: '/settings/schedules', label: 'On-call schedules', adminOnly: true },
  { to: '/settings/channels', label: 'Notifications', adminOnly: true },
  { to: '/settings/deliveries', label: 'Delivery log', adminOnly: true },
  { to: '/settings/psa', label: 'PSA', adminOnly: true },
  { to: '/settings/slack', label: 'Slack app', adminOnly: true },
  { to: '/settings/single-sign-on', label: 'Single sign-on', adminOnly: true },
  { to: '/settings/audit-log', label: 'Audit log', adminOnly: true },
];

export function SettingsLayout() {
  const { user } = useSession();
  const sections = SECTIONS.filter((section) => !section.adminOnly || canManageMembers(user.role));
  return (
    <>
      <PageHeader title="Settings" description="Your team and your personal access." />
      <nav aria-label="Settings sections" className="mb-6 border-b border-slate-200 dark:border-slate-800">
        <ul className="-mb-px flex gap-6 overflow-x-auto">
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink
                to={section.to}
                className={({ isActive }) =>
                  cx(
                    'inline-block border-b-2 px-1 pb-3 text-sm font-medium whitespace-nowrap',
                    isActive
                      ? 'border-accent-600 text-accent-700 dark:border-accent-400 dark:text-accent-300'
                      : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100',
                  )
                }
              >
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
