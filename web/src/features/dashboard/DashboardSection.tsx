import type { ReactNode } from 'react';

export const dashboardLinkClasses =
  'text-sm font-medium text-accent-700 hover:underline dark:text-accent-300';

/** One titled block of the dashboard (h2 + optional "see all" link). */
export function DashboardSection({
  title,
  link,
  children,
}: {
  title: string;
  link?: ReactNode;
  children: ReactNode;
}) {
  const id = `dashboard-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="min-w-0 space-y-3">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id={id} className="text-lg font-semibold text-slate-900 dark:text-slate-50">
          {title}
        </h2>
        {link}
      </div>
      {children}
    </section>
  );
}
