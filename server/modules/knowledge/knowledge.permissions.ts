import { isAdmin, isSenior, type Role } from '../../../shared/roles';
import { forbidden } from '../../lib/app-error';

/** SPEC §14: engineers, admins and owners write and import; techs and viewers read. */
export function assertMayWriteKnowledge(role: Role) {
  if (!isSenior(role))
    throw forbidden('Writing and importing knowledge needs the engineer, admin or owner role');
}

/** Approving proposals and importing the PSA's history are for admins and owners. */
export function assertMayCurateKnowledge(role: Role) {
  if (!isAdmin(role)) throw forbidden('Admin or owner access required');
}
