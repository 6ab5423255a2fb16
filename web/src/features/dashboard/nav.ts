import type { NavEntry } from '../../app/navTypes';
import { HomeIcon } from '../../components/ui/icons';

export const dashboardNav: NavEntry = { to: '/', label: 'Dashboard', icon: HomeIcon, end: true };
