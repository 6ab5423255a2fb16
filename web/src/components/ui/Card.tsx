import type { ReactNode } from 'react';
import { cx } from './cx';

interface CardProps {
  /** Rendered as an h2 so sections inside a page keep a sensible heading outline. */
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** Drop the body padding, e.g. for edge-to-edge tables. */
  flush?: boolean;
}

export function Card({ title, description, actions, children, className, flush = false }: CardProps) {
  return (
    <section
      className={cx(
        'rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900',
        className,
      )}
    >
      {(title || actions) && (
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-5 dark:border-slate-800">
          <div className="min-w-0">
            {title && <h2 className="text-base font-semibold text-slate-900 dark:text-slate-50">{title}</h2>}
            {description && (
              <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">{description}</p>
            )}
          </div>
          {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className={flush ? undefined : 'px-4 py-4 sm:px-5'}>{children}</div>
    </section>
  );
}
