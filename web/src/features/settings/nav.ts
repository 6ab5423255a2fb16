import type { NavEntry } from '../../app/navTypes';
import { SettingsIcon } from '../../components/ui/icons';

export const settingsNav: NavEntry = { to: '/settings', label: 'Settings', icon: SettingsIcon };
