import type { NavEntry } from '../../app/navTypes';
import { SessionsIcon } from '../../components/ui/icons';

export const sessionsNav: NavEntry = { to: '/sessions', label: 'Sessions', icon: SessionsIcon };
