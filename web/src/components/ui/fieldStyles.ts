import { cx } from './cx';

export function controlClasses(invalid: boolean, extra?: string) {
  return cx(
    'block w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-sm placeholder:text-slate-400',
    'dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-500',
    'disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500 dark:disabled:bg-slate-800',
    'read-only:bg-slate-50 dark:read-only:bg-slate-800/60',
    invalid ? 'border-red-500 dark:border-red-400' : 'border-slate-300 dark:border-slate-700',
    extra,
  );
}

export const labelClasses = 'block text-sm font-medium text-slate-800 dark:text-slate-200';
export const hintClasses = 'text-sm text-slate-600 dark:text-slate-400';
export const errorClasses = 'text-sm font-medium text-red-700 dark:text-red-400';
