import type { NavEntry } from '../../app/navTypes';
import { EscalationIcon } from '../../components/ui/icons';
import { isSeniorRole } from '../../lib/roles';

// Escalations are worked by senior staff; techs raise them from a session instead.
export const escalationsNav: NavEntry = {
  to: '/escalations',
  label: 'Escalations',
  icon: EscalationIcon,
  isAllowed: isSeniorRole,
};
