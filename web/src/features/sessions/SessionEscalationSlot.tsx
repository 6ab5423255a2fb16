import type { SessionRecord } from './types';

interface SessionEscalationSlotProps {
  session: SessionRecord;
  canAct: boolean;
}

/**
 * Placeholder in the session header where the "Escalate" control will live (request escalation,
 * claim, hand back). Intentionally renders nothing until the escalation flow is built.
 */
export function SessionEscalationSlot(_props: SessionEscalationSlotProps) {
  return null;
}
