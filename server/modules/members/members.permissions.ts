import { isAdmin, type Role } from '../../../shared/roles';
import { AppError, forbidden } from '../../lib/app-error';

export const ADMIN_REQUIRED = 'Admin or owner access required';

export function assertAdmin(role: Role) {
  if (!isAdmin(role)) throw forbidden(ADMIN_REQUIRED);
}

/**
 * Who may change whom: admins and owners manage members, but only an owner may touch an owner
 * or make someone an owner.
 */
/** Who may invite whom: admins and owners invite, only an owner may invite an owner. */
export function mayInviteAs(inviterRole: Role, role: Role) {
  return isAdmin(inviterRole) && (role !== 'owner' || inviterRole === 'owner');
}

export function assertMayChangeMember(actorRole: Role, target: { role: Role }, newRole?: Role) {
  assertAdmin(actorRole);
  if (target.role === 'owner' && actorRole !== 'owner') throw forbidden('Only an owner can change an owner');
  if (newRole === 'owner' && actorRole !== 'owner')
    throw forbidden('Only an owner can make someone an owner');
}

export const lastOwnerError = () =>
  new AppError('LAST_OWNER', 'An account needs at least one active owner; make someone else owner first');
