import type { ReactNode } from 'react';
import { InboxIcon } from './icons';

interface EmptyStateProps {
  title: string;
  description: ReactNode;
  icon?: ReactNode;
  action?: ReactNode;
}

/** Says plainly why there is nothing here and, when possible, what to do about it. */
export function EmptyState({ title, description, icon, action }: EmptyStateProps) {
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-slate-300 px-6 py-12 text-center dark:border-slate-700">
      <div className="mb-3 rounded-full bg-slate-100 p-3 text-slate-500 dark:bg-slate-800 dark:text-slate-400">
        {icon ?? <InboxIcon className="size-6" />}
      </div>
      <h2 className="text-base font-semibold text-slate-900 dark:text-slate-50">{title}</h2>
      <div className="mt-1 max-w-prose text-sm text-slate-600 dark:text-slate-400">{description}</div>
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}
