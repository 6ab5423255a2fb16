import { useCallback, useState, type Dispatch, type SetStateAction } from 'react';
import { useLocation } from 'react-router';

/**
 * Whether a header panel (the phone menu, the account menu, the notifications) is open. It closes when
 * the page changes. The reset happens while the new page renders (React's pattern for state that
 * follows a changing value), not in an effect: an effect keyed on the path also runs once after the
 * panel mounts, and a click that came before that run was undone by it.
 */
export function usePagePanel(): {
  open: boolean;
  setOpen: Dispatch<SetStateAction<boolean>>;
  close: () => void;
} {
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  const [panelPath, setPanelPath] = useState(pathname);
  if (panelPath !== pathname) {
    setPanelPath(pathname);
    setOpen(false);
  }
  const close = useCallback(() => setOpen(false), []);
  return { open, setOpen, close };
}
