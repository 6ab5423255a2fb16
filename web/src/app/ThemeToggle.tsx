import { cx } from '../components/ui/cx';
import { MonitorIcon, MoonIcon, SunIcon } from '../components/ui/icons';
import { useThemePreference, type ThemePreference } from '../lib/theme';

const OPTIONS: { value: ThemePreference; label: string; Icon: typeof SunIcon }[] = [
  { value: 'light', label: 'Light theme', Icon: SunIcon },
  { value: 'dark', label: 'Dark theme', Icon: MoonIcon },
  { value: 'system', label: 'System theme', Icon: MonitorIcon },
];

/** Three toggle buttons (aria-pressed) so each choice is one click/keypress away and its state is announced. */
export function ThemeToggle() {
  const [preference, setPreference] = useThemePreference();
  return (
    <div
      role="group"
      aria-label="Theme"
      className="flex rounded-md border border-slate-200 p-0.5 dark:border-slate-700"
    >
      {OPTIONS.map(({ value, label, Icon }) => (
        <button
          key={value}
          type="button"
          aria-label={label}
          title={label}
          aria-pressed={preference === value}
          onClick={() => setPreference(value)}
          className={cx(
            'rounded p-1.5',
            preference === value
              ? 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50'
              : 'text-slate-500 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100',
          )}
        >
          <Icon className="size-4" />
        </button>
      ))}
    </div>
  );
}
