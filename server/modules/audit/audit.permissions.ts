import { isAdmin, type Role } from '../../../shared/roles';
import { forbidden } from '../../lib/app-error';

/** SPEC §16: the audit log is for owners and admins; it names every member's actions. */
export function assertMayReadAuditLog(role: Role) {
  if (!isAdmin(role)) throw forbidden('Only owners and admins can read the audit log');
}
