import { isSenior, type Role } from '../../shared/roles';
import type { StreamEvent } from './event-bus';

/**
 * Who sees which event (SPEC §7): senior roles see every handoff event of their account; a tech sees
 * the handoff events of their own sessions; everyone sees the `notification` events addressed to them.
 */
export function visibleTo(event: StreamEvent, user: { id: string; role: Role }): boolean {
  if (event.type === 'notification') {
    const recipients = event.payload.recipient_ids;
    return Array.isArray(recipients) && recipients.includes(user.id);
  }
  if (!event.type.startsWith('handoff_')) return false;
  return isSenior(user.role) || event.session_owner_id === user.id;
}

/** The frame body: the event's own fields, without the list of other recipients. */
export function frameData(event: StreamEvent): Record<string, unknown> {
  const { recipient_ids: _recipients, ...rest } = event.payload;
  return { ...rest, type: event.type, created_at: event.created_at.toISOString() };
}

export function sseFrame(event: StreamEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(frameData(event))}\n\n`;
}
