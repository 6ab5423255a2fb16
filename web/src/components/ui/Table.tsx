import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { cx } from './cx';

/** Scrolls sideways on narrow screens instead of squashing columns; the caption names the table. */
export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ className, ...rest }: ComponentPropsWithoutRef<'th'>) {
  return (
    <th
      scope="col"
      className={cx(
        'border-b border-slate-200 bg-slate-50 px-4 py-2.5 text-xs font-semibold tracking-wide text-slate-600 uppercase sm:px-5',
        'dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400',
        className,
      )}
      {...rest}
    />
  );
}

export function Td({ className, ...rest }: ComponentPropsWithoutRef<'td'>) {
  return (
    <td
      className={cx(
        'border-b border-slate-100 px-4 py-3 align-middle sm:px-5 dark:border-slate-800',
        className,
      )}
      {...rest}
    />
  );
}
