import { act } from '@testing-library/react';

/**
 * Presses Escape on the open modal dialog the way Chromium does. happy-dom implements `showModal()`
 * and `close()` but not the browser's Escape handling, so this plays that part: a cancellable
 * `cancel` event on the topmost open dialog, then `close()` unless a listener cancelled it. The
 * component under test handles exactly what it gets in a browser; tests/e2e press the real key.
 */
export function pressEscapeOnDialog(): void {
  const open = document.querySelectorAll<HTMLDialogElement>('dialog[open]');
  const dialog = open[open.length - 1];
  if (!dialog) throw new Error('No open <dialog> to press Escape on');
  act(() => {
    const notCancelled = dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    if (notCancelled) dialog.close();
  });
}
