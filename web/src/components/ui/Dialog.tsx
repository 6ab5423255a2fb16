import { useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { cx } from './cx';
import { CloseIcon } from './icons';
import { useModalDialog } from './useModalDialog';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons row; rendered right-aligned (stacked on phones). */
  footer?: ReactNode;
  /** Accessible name for the buttons row, which then becomes a group (e.g. "Actions"). */
  footerLabel?: string;
  /** Element to focus on open instead of the first control (e.g. the primary action). */
  initialFocusRef?: RefObject<HTMLElement | null>;
  /** `lg` for content-heavy dialogs (wider from `sm` up); `md` by default. */
  size?: 'md' | 'lg';
}

/**
 * Modal dialog on the native `<dialog>` (`showModal()`): the browser keeps focus inside by making the
 * page behind inert, Esc or the backdrop asks `onClose`, focus starts in the content and returns to
 * whatever opened it. Mounted only while open, so the content starts fresh on every opening.
 */
export function Dialog({ open, ...rest }: DialogProps) {
  if (!open) return null;
  // Portalled to <body> so no ancestor can hide it (display: none) or leak inherited styles into it.
  return createPortal(<ModalDialog {...rest} />, document.body);
}

function ModalDialog({
  onClose,
  title,
  description,
  children,
  footer,
  footerLabel,
  initialFocusRef,
  size = 'md',
}: Omit<DialogProps, 'open'>) {
  const titleId = useId();
  const descriptionId = useId();
  const bodyRef = useRef<HTMLDivElement>(null);
  const footerRef = useRef<HTMLDivElement>(null);
  const { dialogRef, backdropHandlers } = useModalDialog({
    onClose,
    // Start in the content (usually the first field), then the footer (e.g. Cancel on a confirmation),
    // rather than on the close button.
    initialFocus: () =>
      initialFocusRef?.current ??
      bodyRef.current?.querySelector<HTMLElement>(FOCUSABLE) ??
      footerRef.current?.querySelector<HTMLElement>(FOCUSABLE) ??
      null,
  });

  return (
    <dialog
      ref={dialogRef}
      // showModal() already makes it modal; stated too for assistive technology that reads the attribute.
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      tabIndex={-1}
      {...backdropHandlers}
      className={cx(
        // Phones: a sheet along the bottom edge. From `sm` up: centred, with a margin around it.
        'mx-0 mt-auto mb-0 max-h-[90vh] w-full max-w-none overflow-hidden rounded-t-xl sm:m-auto sm:w-[calc(100%-2rem)] sm:rounded-xl',
        // The UA styles a dialog with its own colours; keep the app's.
        'bg-white text-inherit shadow-xl backdrop:bg-slate-950/60 dark:bg-slate-900 dark:ring-1 dark:ring-slate-700',
        size === 'lg' ? 'sm:max-w-3xl' : 'sm:max-w-lg',
      )}
    >
      {/* Fills the dialog box, so only a click on the backdrop has the <dialog> itself as target. */}
      <div className="max-h-[inherit] overflow-y-auto">
        <div className="flex items-start justify-between gap-4 px-5 pt-5">
          <div>
            <h2 id={titleId} className="text-lg font-semibold text-slate-900 dark:text-slate-50">
              {title}
            </h2>
            {description && (
              <div id={descriptionId} className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                {description}
              </div>
            )}
          </div>
          <button
            type="button"
            onClick={onClose}
            aria-label="Close dialog"
            className="-m-1 rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100"
          >
            <CloseIcon />
          </button>
        </div>
        <div ref={bodyRef} className="px-5 py-4">
          {children}
        </div>
        {footer && (
          <div
            ref={footerRef}
            role={footerLabel ? 'group' : undefined}
            aria-label={footerLabel}
            className="flex flex-col-reverse gap-2 border-t border-slate-200 px-5 py-4 sm:flex-row sm:justify-end dark:border-slate-800"
          >
            {footer}
          </div>
        )}
      </div>
    </dialog>
  );
}
