import { useEffectEvent, useLayoutEffect, useRef, type MouseEvent, type PointerEvent } from 'react';

interface ModalDialogOptions {
  /** The owner's close request (Escape, the backdrop); it may refuse, e.g. while a claim is in flight. */
  onClose: () => void;
  /** Where focus starts once the dialog is open; the dialog itself when this returns null. */
  initialFocus: () => HTMLElement | null;
}

/**
 * Drives a native `<dialog>` as a modal for as long as the calling component is mounted: `showModal()`
 * on mount (the browser then makes the page behind inert and draws `::backdrop`), `close()` on unmount
 * with focus back on the opener. React state stays the only source of truth for "open": Escape and
 * backdrop clicks ask the owner through `onClose` instead of closing the element behind its back.
 */
export function useModalDialog({ onClose, initialFocus }: ModalDialogOptions) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const requestClose = useEffectEvent(onClose);
  const pickInitialFocus = useEffectEvent(initialFocus);

  // A layout effect, so the dialog is open before the first paint and is closed while still in the
  // document (a modal dialog that is just removed leaves focus on <body>).
  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;

    // Escape fires `cancel`. Cancel the browser's own closing and let the owner decide.
    const onCancel = (event: Event) => {
      if (!event.cancelable) return; // The browser closes it regardless: `onBrowserClose` follows.
      event.preventDefault();
      requestClose();
    };
    // Chrome closes a modal without a cancellable `cancel` when Escape comes with no user activation
    // since the last one (e.g. a dialog opened on page load). Tell the owner, and if it keeps the
    // dialog mounted (it refused), show it again rather than leave an invisible dialog behind.
    const onBrowserClose = () => {
      requestClose();
      setTimeout(() => {
        if (dialog.isConnected && !dialog.open) dialog.showModal();
      });
    };

    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('close', onBrowserClose);
    dialog.showModal();
    // showModal() applies the browser's own initial focus (or none, in happy-dom); start where the
    // owner wants instead, usually the first field rather than the close button.
    (pickInitialFocus() ?? dialog).focus();

    return () => {
      // Listeners first: this close() is ours, not a request to tell the owner about.
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('close', onBrowserClose);
      dialog.close();
      if (opener?.isConnected) opener.focus();
    };
    // Runs once per opening: the element to focus is read at that moment only.
  }, []);

  // A click on the `::backdrop` reaches the <dialog> itself (the dialog's content fills its box, so a
  // click inside always has a descendant as target). Only a press that also started there counts,
  // so selecting text inside and releasing outside does not dismiss the dialog.
  const pressStartedOnBackdrop = useRef(false);
  const backdropHandlers = {
    onPointerDown: (event: PointerEvent<HTMLDialogElement>) => {
      pressStartedOnBackdrop.current = event.target === event.currentTarget;
    },
    onClick: (event: MouseEvent<HTMLDialogElement>) => {
      if (pressStartedOnBackdrop.current && event.target === event.currentTarget) onClose();
      pressStartedOnBackdrop.current = false;
    },
  };

  return { dialogRef, backdropHandlers };
}
