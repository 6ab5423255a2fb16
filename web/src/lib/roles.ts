import { ROLES, type Role } from '../../../shared/roles';

// Higher number = more authority. Mirrors the server's ordering owner > admin > engineer > tech > viewer.
const ROLE_RANK: Record<Role, number> = { owner: 5, admin: 4, engineer: 3, tech: 2, viewer: 1 };

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  engineer: 'Engineer',
  tech: 'Tech',
  viewer: 'Viewer',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Full control, including billing and other owners',
  admin: 'Manages members, invites and settings',
  engineer: 'Senior staff: works escalations and sees analytics',
  tech: 'Runs troubleshooting sessions and escalates',
  viewer: 'Read-only access',
};

export function hasRoleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/** Engineers and above handle escalations and see analytics. */
export function isSeniorRole(role: Role): boolean {
  return hasRoleAtLeast(role, 'engineer');
}

export function canManageMembers(role: Role): boolean {
  return hasRoleAtLeast(role, 'admin');
}

/** Options for role pickers, most senior first. */
export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
