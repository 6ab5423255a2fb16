import type { Role } from '../../../shared/roles';
import type { Queryable } from '../../db/types';

export type InviteRow = {
  id: string;
  account_id: string;
  email: string;
  role: Role;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
};

const COLUMNS = `id, account_id, email, role, expires_at, accepted_at, revoked_at, created_at`;

export async function insertInvite(
  tx: Queryable,
  i: {
    id: string;
    accountId: string;
    email: string;
    role: Role;
    tokenHash: string;
    invitedBy: string;
    expiresAt: Date;
    now: Date;
  },
) {
  const { rows } = await tx.query<InviteRow>(
    `INSERT INTO invites (id, account_id, email, role, token_hash, invited_by, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [i.id, i.accountId, i.email, i.role, i.tokenHash, i.invitedBy, i.expiresAt, i.now],
  );
  return rows[0]!;
}

/** A new invite for the same email replaces the pending one. */
export async function revokePendingInvitesFor(tx: Queryable, accountId: string, email: string, now: Date) {
  await tx.query(
    `UPDATE invites SET revoked_at = $3
     WHERE account_id = $1 AND lower(email) = lower($2) AND accepted_at IS NULL AND revoked_at IS NULL`,
    [accountId, email, now],
  );
}

export async function listInvites(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<InviteRow>(
    `SELECT ${COLUMNS} FROM invites WHERE account_id = $1 ORDER BY created_at DESC LIMIT 200`,
    [accountId],
  );
  return rows;
}

export async function findInvite(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<InviteRow>(
    `SELECT ${COLUMNS} FROM invites WHERE account_id = $1 AND id = $2`,
    [accountId, id],
  );
  return rows[0];
}

export async function revokeInvite(tx: Queryable, accountId: string, id: string, now: Date) {
  await tx.query(
    `UPDATE invites SET revoked_at = $3 WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL`,
    [accountId, id, now],
  );
}

/** Looked up before any account is known: called on the system path only. */
export async function findInviteByTokenHash(q: Queryable, tokenHash: string) {
  const { rows } = await q.query<InviteRow & { account_name: string }>(
    `SELECT i.id, i.account_id, i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at, i.created_at,
            a.name AS account_name
     FROM invites i JOIN accounts a ON a.id = i.account_id WHERE i.token_hash = $1`,
    [tokenHash],
  );
  return rows[0];
}

/** Single use: only one acceptance can flip accepted_at. */
export async function markAccepted(tx: Queryable, accountId: string, id: string, userId: string, now: Date) {
  const { rowCount } = await tx.query(
    `UPDATE invites SET accepted_at = $4, accepted_user_id = $3
     WHERE account_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $4
     RETURNING id`,
    [accountId, id, userId, now],
  );
  return rowCount === 1;
}

export async function emailInUse(q: Queryable, email: string) {
  const { rows } = await q.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [email]);
  return rows.length > 0;
}

/** The user holding this email, in whichever account (system path only). */
export async function findUserByEmail(q: Queryable, email: string) {
  const { rows } = await q.query<{ id: string; account_id: string; email: string; name: string }>(
    `SELECT id, account_id, email, name FROM users WHERE lower(email) = lower($1) LIMIT 1`,
    [email],
  );
  return rows[0];
}

/** The inviter as they are now: role and whether they can still act for the account. */
export async function findInviter(tx: Queryable, accountId: string, inviteId: string) {
  const { rows } = await tx.query<{ role: Role; active: boolean }>(
    `SELECT u.role, (u.is_active AND u.deleted_at IS NULL) AS active
     FROM invites i JOIN users u ON u.id = i.invited_by AND u.account_id = i.account_id
     WHERE i.account_id = $1 AND i.id = $2`,
    [accountId, inviteId],
  );
  return rows[0];
}

export async function insertUser(
  tx: Queryable,
  u: {
    id: string;
    accountId: string;
    email: string;
    name: string;
    role: Role;
    passwordHash: string;
    now: Date;
  },
) {
  await tx.query(
    `INSERT INTO users (id, account_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [u.id, u.accountId, u.email, u.name, u.role, u.passwordHash, u.now],
  );
}
