import type { NavEntry } from '../../app/navTypes';
import { AnalyticsIcon } from '../../components/ui/icons';
import { isSeniorRole } from '../../lib/roles';

export const analyticsNav: NavEntry = {
  to: '/analytics',
  label: 'Analytics',
  icon: AnalyticsIcon,
  isAllowed: isSeniorRole,
};
