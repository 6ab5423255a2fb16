import { isSenior, type Role } from '../../shared/roles';
import type { StreamEvent } from '../modules/events/events.repo';

// One event goes to thousands of connections: its recipient set and its frame are built once.
const recipientSets = new WeakMap<StreamEvent, Set<string>>();
const frames = new WeakMap<StreamEvent, string>();

/**
 * Who sees which event (SPEC §7): senior roles see every handoff event of their account; a tech sees
 * the handoff events of their own sessions; everyone sees the `notification` events addressed to them.
 */
export function visibleTo(event: StreamEvent, user: { id: string; role: Role }): boolean {
  if (event.type === 'notification') {
    let set = recipientSets.get(event);
    if (!set) {
      const ids = event.payload.recipient_ids;
      recipientSets.set(event, (set = new Set(Array.isArray(ids) ? (ids as string[]) : [])));
    }
    return set.has(user.id);
  }
  if (!event.type.startsWith('handoff_')) return false;
  return isSenior(user.role) || event.session_owner_id === user.id;
}

/** The frame: the event's own fields, without the list of other recipients. */
export function sseFrame(event: StreamEvent): string {
  let frame = frames.get(event);
  if (!frame) {
    const { recipient_ids: _recipients, ...rest } = event.payload;
    const data = { ...rest, type: event.type, created_at: event.created_at.toISOString() };
    frames.set(event, (frame = `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`));
  }
  return frame;
}
