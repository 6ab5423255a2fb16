import { useState } from 'react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { pressEscapeOnDialog } from '../../test/dialog';
import { Button } from './Button';
import { Dialog } from './Dialog';
import { Input } from './Input';

afterEach(cleanup);

/** `refuseClose`: an owner that keeps the dialog open (e.g. while saving). */
function Harness({ refuseClose = false }: { refuseClose?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Open settings</Button>
      <Dialog open={open} onClose={() => setOpen(refuseClose)} title="Rename">
        <Input label="New name" />
      </Dialog>
    </>
  );
}

describe('Dialog', () => {
  it('is a labelled native modal that focuses its content, closes on Escape and returns focus', () => {
    render(<Harness />);
    const opener = screen.getByRole('button', { name: 'Open settings' });
    opener.focus();
    fireEvent.click(opener);

    const dialog = screen.getByRole('dialog', { name: 'Rename' });
    expect(dialog.tagName).toBe('DIALOG');
    expect((dialog as HTMLDialogElement).open).toBe(true);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('New name'));

    pressEscapeOnDialog();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('closes on a click on the backdrop, but not when the press started inside', () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Open settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename' });

    // Selecting text inside and releasing over the backdrop: the click lands on the <dialog>.
    fireEvent.pointerDown(screen.getByLabelText('New name'));
    fireEvent.click(dialog);
    expect(screen.getByRole('dialog', { name: 'Rename' })).toBe(dialog);

    // A click on ::backdrop targets the <dialog> element itself.
    fireEvent.pointerDown(dialog);
    fireEvent.click(dialog);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('only asks its owner on Escape: an owner that refuses keeps it open', () => {
    render(<Harness refuseClose />);
    fireEvent.click(screen.getByRole('button', { name: 'Open settings' }));
    pressEscapeOnDialog();
    const dialog = screen.getByRole('dialog', { name: 'Rename' }) as HTMLDialogElement;
    expect(dialog.open).toBe(true);
  });
});
