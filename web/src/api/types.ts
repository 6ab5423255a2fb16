// Wire types for the /api/v1 JSON contract. Field names stay snake_case to match the server exactly.

export const ROLES = ['owner', 'admin', 'engineer', 'tech', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface Account {
  id: string;
  name: string;
}

/** Returned by login, /me and invite acceptance. */
export interface Session {
  user: User;
  account: Account;
  csrf_token: string;
}

export interface ListResponse<T> {
  items: T[];
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  is_active: boolean;
  created_at: string;
  last_login_at: string | null;
}

export interface MemberUpdate {
  role?: Role;
  is_active?: boolean;
}

export type InviteStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface Invite {
  id: string;
  email: string;
  role: Role;
  status: InviteStatus;
  expires_at: string;
  created_at: string;
}

export interface CreatedInvite {
  id: string;
  email: string;
  role: Role;
  expires_at: string;
  accept_url: string;
}

export interface InvitePreview {
  email: string;
  role: Role;
  account: Account;
}

export interface ApiToken {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** The secret is only ever returned once, at creation. */
export interface CreatedApiToken {
  id: string;
  name: string;
  token: string;
}
