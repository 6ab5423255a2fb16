import type { Role } from '../../../../shared/roles';
import { canManageMembers, isSeniorRole } from '../../lib/roles';

// SPEC §14: engineers and up write and import; techs and viewers read; admins and owners curate.
// The server enforces the same rules (server/modules/knowledge/knowledge.permissions.ts).

export function canWriteKnowledge(role: Role): boolean {
  return isSeniorRole(role);
}

/** Approving or dismissing proposals. */
export function canCurateKnowledge(role: Role): boolean {
  return canManageMembers(role);
}
