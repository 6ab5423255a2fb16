import { isAdmin, isSenior, type Role } from '../../../shared/roles';
import { forbidden } from '../../lib/app-error';

/** Seniors read schedules (they are the people on them); only admins and owners change them. */
export function assertMayReadSchedules(role: Role) {
  if (!isSenior(role)) throw forbidden('Engineer or admin access required');
}

export function assertMayEditSchedules(role: Role) {
  if (!isAdmin(role)) throw forbidden('Admin or owner access required');
}
