import { useSession } from '../auth/AuthContext';
import { EscalateButton } from '../escalations/EscalateDialog';
import { HandoffContextButton } from '../escalations/HandoffContextButton';
import type { Schemas } from '../../api/client';

type SessionRecord = Schemas['Session'];

interface SessionEscalationSlotProps {
  session: SessionRecord;
  canAct: boolean;
}

/**
 * The escalation controls in the session header: "Escalate" for the owner while the session is active or
 * paused, and "Context" (the handoff context screen) while an escalation is in progress.
 */
export function SessionEscalationSlot({ session, canAct }: SessionEscalationSlotProps) {
  const { user } = useSession();
  const canEscalate =
    canAct && user.id === session.user_id && (session.status === 'active' || session.status === 'paused');
  return (
    <>
      {canEscalate && <EscalateButton session={session} />}
      <HandoffContextButton />
    </>
  );
}
