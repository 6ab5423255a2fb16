import { Link, useLocation } from 'react-router';
import { cx } from '../../../components/ui/cx';
import { useSession } from '../../auth/AuthContext';
import { usePendingProposals } from '../proposalsApi';
import { canWriteRunbooks } from './api';

const under = (prefix: string) => (p: string) => p === prefix || p.startsWith(`${prefix}/`);
const OTHER_SECTIONS = ['/knowledge/runbooks', '/knowledge/proposals', '/knowledge/import'].map(under);

// Same order and look as the article pages' header, so moving between sections does not shift anything.
const SECTIONS = [
  {
    to: '/knowledge',
    label: 'Articles',
    // Article pages sit under /knowledge itself, so "Articles" owns every path no other section claims.
    owns: (p: string) => under('/knowledge')(p) && !OTHER_SECTIONS.some((owns) => owns(p)),
  },
  { to: '/knowledge/runbooks', label: 'Runbooks', owns: under('/knowledge/runbooks') },
  { to: '/knowledge/import', label: 'Import', owns: under('/knowledge/import'), writersOnly: true },
  { to: '/knowledge/proposals', label: 'Proposals', owns: under('/knowledge/proposals'), pending: true },
];

/**
 * The sections of the knowledge area as a row of links. Links, not ARIA tabs: each section is its own
 * page with its own URL, so the current one is marked with aria-current like any navigation.
 */
export function KnowledgeTabs() {
  const { pathname } = useLocation();
  const { user } = useSession();
  // Every member may read proposals; only writers act on them, so only they are shown the count.
  const writer = canWriteRunbooks(user.role);
  const proposals = usePendingProposals(writer);
  const pending = proposals.data?.length ?? 0;
  return (
    <nav aria-label="Knowledge sections" className="mb-6 border-b border-slate-200 dark:border-slate-800">
      <ul className="-mb-px flex gap-6 overflow-x-auto">
        {SECTIONS.filter((section) => writer || !section.writersOnly).map((section) => {
          const current = section.owns(pathname);
          return (
            <li key={section.to}>
              <Link
                to={section.to}
                aria-current={current ? 'page' : undefined}
                className={cx(
                  'inline-flex items-center gap-2 border-b-2 px-1 pb-3 text-sm font-medium whitespace-nowrap',
                  current
                    ? 'border-accent-600 text-accent-700 dark:border-accent-400 dark:text-accent-300'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100',
                )}
              >
                {section.label}
                {section.pending && pending > 0 && (
                  <span className="rounded-full bg-accent-600 px-1.5 py-0.5 text-xs leading-none font-semibold text-white tabular-nums dark:bg-accent-400 dark:text-slate-950">
                    {pending}
                    <span className="sr-only"> waiting for review</span>
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
