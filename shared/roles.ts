/** Roles, from most to least privileged. Shared by server and web. */
export const ROLES = ['owner', 'admin', 'engineer', 'tech', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Senior roles see the queue, subscribe to the stream, claim and read metrics. */
export const SENIOR_ROLES: readonly Role[] = ['owner', 'admin', 'engineer'];
/** Admin roles manage members, invites, channels and policy. */
export const ADMIN_ROLES: readonly Role[] = ['owner', 'admin'];

export const isSenior = (role: Role) => SENIOR_ROLES.includes(role);
export const isAdmin = (role: Role) => ADMIN_ROLES.includes(role);
/** Tech and above may run sessions; a viewer only reads. */
export const canWork = (role: Role) => role !== 'viewer';
