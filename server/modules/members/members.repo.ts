import type { Role } from '../../../shared/roles';
import type { Queryable } from '../../db/types';

export type MemberRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  is_active: boolean;
  created_at: Date;
  last_login_at: Date | null;
};

const COLUMNS = `id, email, name, role, is_active, created_at, last_login_at`;

export async function listMembers(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<MemberRow>(
    `SELECT ${COLUMNS} FROM users WHERE account_id = $1 AND deleted_at IS NULL ORDER BY is_active DESC, name`,
    [accountId],
  );
  return rows;
}

export async function findMember(tx: Queryable, accountId: string, id: string) {
  const { rows } = await tx.query<MemberRow>(
    `SELECT ${COLUMNS} FROM users WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [accountId, id],
  );
  return rows[0];
}

/** Locks the account's owner rows so two concurrent demotions cannot both pass the last-owner check. */
export async function countActiveOwnersForUpdate(tx: Queryable, accountId: string) {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM users WHERE account_id = $1 AND role = 'owner' AND is_active AND deleted_at IS NULL FOR UPDATE`,
    [accountId],
  );
  return rows.length;
}

export async function updateMember(
  tx: Queryable,
  accountId: string,
  id: string,
  patch: { role?: Role; is_active?: boolean },
) {
  const { rows } = await tx.query<MemberRow>(
    `UPDATE users SET role = COALESCE($3, role), is_active = COALESCE($4, is_active)
     WHERE account_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [accountId, id, patch.role ?? null, patch.is_active ?? null],
  );
  return rows[0];
}
