import type { ReactNode } from 'react';
import { LogoMark } from '../../components/ui/icons';

/** Centered card used by the public pages (sign in, accept invite). */
export function AuthLayout({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="mb-6 flex items-center gap-2.5">
        <LogoMark className="size-8" />
        <span className="text-lg font-semibold tracking-tight text-slate-900 dark:text-slate-50">
          ResolutionFlow
        </span>
      </div>
      <main className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8 dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-50">{title}</h1>
        {subtitle && <div className="mt-1 text-sm text-slate-600 dark:text-slate-400">{subtitle}</div>}
        <div className="mt-6">{children}</div>
      </main>
    </div>
  );
}
