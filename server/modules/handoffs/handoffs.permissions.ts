import { isAdmin, isSenior } from '../../../shared/roles';
import { AppError, forbidden } from '../../lib/app-error';
import type { Actor } from '../context';
import type { HandoffRow } from './handoffs.repo';

export const SENIOR_REQUIRED = 'Engineer or admin access required';

export function assertSenior(actor: Actor) {
  if (!isSenior(actor.role)) throw forbidden(SENIOR_REQUIRED);
}

export function assertMayClaim(actor: Actor, h: Pick<HandoffRow, 'handed_off_by'>) {
  assertSenior(actor);
  if (h.handed_off_by === actor.id) throw forbidden('You cannot claim your own escalation');
}

/** The claimer puts a handoff back in the queue, or an admin/owner does it for them. */
export function assertMayRelease(actor: Actor, h: Pick<HandoffRow, 'claimed_by'>) {
  if (h.claimed_by !== actor.id && !isAdmin(actor.role))
    throw forbidden('Only the engineer who claimed it, or an admin, can release it');
}

/** A park is a private bookmark: only its author sees it. Escalations are visible to the account. */
export const mayReadHandoff = (actor: Actor, h: Pick<HandoffRow, 'intent' | 'handed_off_by'>) =>
  h.intent === 'escalate' || h.handed_off_by === actor.id;

export const alreadyClaimed = (h: HandoffRow) =>
  new AppError('ALREADY_CLAIMED', `Already claimed by ${h.claimed_by_name}`, {
    extra: {
      claimed_by: { id: h.claimed_by, name: h.claimed_by_name },
      claimed_at: h.claimed_at?.toISOString() ?? null,
    },
  });
