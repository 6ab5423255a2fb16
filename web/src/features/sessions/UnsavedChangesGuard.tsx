import { useEffect } from 'react';
import { useBlocker } from 'react-router';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';

interface UnsavedChangesGuardProps {
  /** True while there is typed text that would be lost by leaving. */
  when: boolean;
  message?: string;
}

/**
 * Asks before leaving a page with unsent text: in-app navigation goes through react-router's blocker
 * (the app uses a data router), closing or reloading the tab through the browser's own beforeunload
 * prompt. Mount at most one per page: a router supports a single active blocker.
 */
export function UnsavedChangesGuard({
  when,
  message = 'What you typed has not been sent yet. Leave this page and lose it?',
}: UnsavedChangesGuardProps) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      when &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );

  useEffect(() => {
    if (!when) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers only prompt when returnValue is set; the text itself is not shown any more.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [when]);

  // If the text was cleared (e.g. sent) while the prompt was up, let the navigation go ahead.
  useEffect(() => {
    if (blocker.state === 'blocked' && !when) blocker.proceed();
  }, [blocker, when]);

  return (
    <ConfirmDialog
      open={blocker.state === 'blocked'}
      title="Leave this page?"
      confirmLabel="Leave page"
      onCancel={() => blocker.reset?.()}
      onConfirm={() => blocker.proceed?.()}
    >
      <p>{message}</p>
    </ConfirmDialog>
  );
}
