import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { useTransition } from './api';
import type { TransitionName } from './types';
import type { SessionStatus } from '../../../../shared/sessions';

interface SessionActionsProps {
  sessionId: string;
  status: SessionStatus;
  onResolve: () => void;
}

/** Which buttons each status offers; mirrors the server's status machine. */
const ACTIONS_BY_STATUS: Record<SessionStatus, ReadonlyArray<'pause' | 'resume' | 'resolve' | 'abandon'>> = {
  active: ['pause', 'resolve', 'abandon'],
  paused: ['resume', 'resolve', 'abandon'],
  requesting_escalation: ['resolve'],
  escalated: ['resolve'],
  resolved: [],
  abandoned: [],
};

export function SessionActions({ sessionId, status, onResolve }: SessionActionsProps) {
  const transition = useTransition(sessionId);
  const { notify } = useToast();
  const [confirmAbandon, setConfirmAbandon] = useState(false);
  const actions = ACTIONS_BY_STATUS[status] ?? [];
  if (actions.length === 0) return null;

  const run = (name: TransitionName, success: string, after?: () => void) => {
    transition.mutate(name, {
      onSuccess: () => {
        notify(success);
        after?.();
      },
      // Pause/resume have no dialog of their own, so their refusals go to an (assertive) toast.
      onError: (error) => {
        if (name !== 'abandon') notify(errorMessage(error), 'error');
      },
    });
  };
  const pendingName = transition.isPending ? transition.variables : null;

  return (
    <div role="group" aria-label="Session actions" className="flex flex-wrap items-center gap-2">
      {actions.includes('pause') && (
        <Button loading={pendingName === 'pause'} onClick={() => run('pause', 'Session paused.')}>
          Pause
        </Button>
      )}
      {actions.includes('resume') && (
        <Button loading={pendingName === 'resume'} onClick={() => run('resume', 'Session resumed.')}>
          Resume
        </Button>
      )}
      {actions.includes('abandon') && (
        <Button
          variant="ghost"
          onClick={() => {
            transition.reset();
            setConfirmAbandon(true);
          }}
        >
          Abandon
        </Button>
      )}
      {actions.includes('resolve') && (
        <Button variant="primary" onClick={onResolve}>
          Resolve
        </Button>
      )}
      <ConfirmDialog
        open={confirmAbandon}
        title="Abandon session"
        confirmLabel="Abandon session"
        pending={pendingName === 'abandon'}
        error={
          transition.isError && transition.variables === 'abandon' ? errorMessage(transition.error) : null
        }
        onCancel={() => setConfirmAbandon(false)}
        onConfirm={() => run('abandon', 'Session abandoned.', () => setConfirmAbandon(false))}
      >
        <p>
          Abandon this session without a resolution? It stays in the history but can no longer be worked or
          resolved.
        </p>
      </ConfirmDialog>
    </div>
  );
}
