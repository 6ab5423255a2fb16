import { canWork, isSenior, type Role } from '../../../shared/roles';
import { IN_TRANSIT, type SessionStatus } from '../../../shared/sessions';
import { AppError, forbidden } from '../../lib/app-error';
import type { Actor } from '../context';

type SessionAccess = { user_id: string; status: SessionStatus; escalated_to_id: string | null };

/**
 * Who may read a session of their own account: its owner and claimer; anyone while it is in transit
 * (requesting escalation or escalated); senior roles and viewers always; techs also resolved sessions,
 * which are the team's shared knowledge.
 */
export function mayRead(actor: Actor, s: SessionAccess): boolean {
  if (actor.id === s.user_id || actor.id === s.escalated_to_id) return true;
  if (IN_TRANSIT.includes(s.status) || s.status === 'resolved') return true;
  return isSenior(actor.role) || actor.role === 'viewer';
}

/** Who works the session: its owner, except once claimed, when the claimer takes over. */
export function mayAct(actor: Actor, s: SessionAccess): boolean {
  if (!canWork(actor.role)) return false;
  if (s.status === 'escalated') return actor.id === s.escalated_to_id;
  return actor.id === s.user_id;
}

export function assertMayRead(actor: Actor, s: SessionAccess) {
  if (!mayRead(actor, s)) throw forbidden('This session belongs to another member');
}

export function assertMayAct(actor: Actor, s: SessionAccess) {
  if (actor.role === 'viewer') throw forbidden('Viewers have read-only access');
  if (!mayAct(actor, s)) {
    throw forbidden(
      s.status === 'escalated'
        ? 'Only the engineer who claimed this session can work it now'
        : 'Only the session owner can work this session',
    );
  }
}

export function assertMayCreate(role: Role) {
  if (!canWork(role)) throw forbidden('Viewers have read-only access');
}

/** The status machine of a session: which statuses each action may start from. */
export const TRANSITIONS = {
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  abandon: { from: ['active', 'paused'], to: 'abandoned' },
  resolve: { from: ['active', 'paused', 'requesting_escalation', 'escalated'], to: 'resolved' },
} as const satisfies Record<string, { from: readonly SessionStatus[]; to: SessionStatus }>;

export type TransitionName = keyof typeof TRANSITIONS;

/** Statuses in which steps can be answered and facts added. */
export const WORKABLE: readonly SessionStatus[] = ['active', 'requesting_escalation', 'escalated'];

export const invalidTransition = (action: string, current: SessionStatus) =>
  new AppError('INVALID_TRANSITION', `Cannot ${action} a session that is ${current.replace('_', ' ')}`, {
    extra: { current_status: current },
  });
