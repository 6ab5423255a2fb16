import type { Role } from '../../../shared/roles';
import { analyticsNav } from '../features/analytics/nav';
import { dashboardNav } from '../features/dashboard/nav';
import { escalationsNav } from '../features/escalations/nav';
import { knowledgeNav } from '../features/knowledge/nav';
import { sessionsNav } from '../features/sessions/nav';
import { settingsNav } from '../features/settings/nav';
import type { NavEntry } from './navTypes';

/** Main navigation, in display order. Add a feature by adding its `nav.ts` entry here and a route. */
export const NAV_ENTRIES: readonly NavEntry[] = [
  dashboardNav,
  sessionsNav,
  escalationsNav,
  analyticsNav,
  knowledgeNav,
  settingsNav,
];

export function navEntriesFor(role: Role): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => !entry.isAllowed || entry.isAllowed(role));
}
