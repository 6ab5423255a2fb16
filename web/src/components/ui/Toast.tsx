import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { CloseIcon } from './icons';
import { cx } from './cx';

export type ToastTone = 'success' | 'error' | 'info';
interface ToastItem {
  id: number;
  tone: ToastTone;
  message: string;
}

interface ToastApi {
  notify: (message: string, tone?: ToastTone) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

// Errors stay longer: they usually need reading, and they are the ones people act on.
const DURATION_MS: Record<ToastTone, number> = { success: 4000, info: 5000, error: 8000 };

const toneClasses: Record<ToastTone, string> = {
  success: 'border-l-emerald-500',
  info: 'border-l-accent-500',
  error: 'border-l-red-500',
};

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const notify = useCallback(
    (message: string, tone: ToastTone = 'success') => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-3), { id, tone, message }]);
      setTimeout(() => dismiss(id), DURATION_MS[tone]);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ notify }), [notify]);

  const render = (items: ToastItem[]) =>
    items.map((toast) => (
      <div
        key={toast.id}
        className={cx(
          'pointer-events-auto flex items-start gap-3 rounded-md border border-l-4 border-slate-200 bg-white px-4 py-3 text-sm shadow-lg',
          'dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100',
          toneClasses[toast.tone],
        )}
      >
        <p className="flex-1">{toast.message}</p>
        <button
          type="button"
          onClick={() => dismiss(toast.id)}
          className="-m-1 rounded p-1 text-slate-500 hover:text-slate-800 dark:text-slate-400 dark:hover:text-slate-100"
          aria-label="Dismiss notification"
        >
          <CloseIcon className="size-4" />
        </button>
      </div>
    ));

  return (
    <ToastContext.Provider value={api}>
      {children}
      {/*
        Live regions must exist before content lands in them, so both are always rendered. They are plain
        aria-live containers (no role) so an empty region never shadows a page's own role="alert" message.
      */}
      <div className="pointer-events-none fixed inset-x-0 bottom-0 z-[60] flex flex-col items-center gap-2 p-4 sm:items-end">
        <div aria-live="polite" className="flex w-full max-w-sm flex-col gap-2">
          {render(toasts.filter((t) => t.tone !== 'error'))}
        </div>
        <div aria-live="assertive" className="flex w-full max-w-sm flex-col gap-2">
          {render(toasts.filter((t) => t.tone === 'error'))}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const context = useContext(ToastContext);
  if (!context) throw new Error('useToast must be used inside <ToastProvider>');
  return context;
}
