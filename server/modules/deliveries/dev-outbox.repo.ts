import type { Queryable } from '../../db/types';
import { newId } from '../../lib/crypto';

export type DevOutboxRow = {
  id: string;
  delivery_id: string | null;
  message_id: string;
  from_address: string;
  to_addresses: string;
  subject: string;
  text_body: string;
  html_body: string;
  recipient_only: boolean;
  created_at: Date;
};

/** Stores a message once per Message-ID, as a receiving server would deduplicate a resend. */
export async function insertDevOutbox(
  tx: Queryable,
  accountId: string,
  m: {
    deliveryId: string | null;
    messageId: string;
    from: string;
    to: string[];
    subject: string;
    text: string;
    html: string;
    /** Shown to the recipient only, never to the account's admins (it carries a reset link). */
    recipientOnly?: boolean;
  },
  now: Date,
) {
  await tx.query(
    `INSERT INTO dev_outbox (id, account_id, delivery_id, message_id, from_address, to_addresses, subject, text_body, html_body, recipient_only, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (account_id, message_id) DO NOTHING`,
    [
      newId(),
      accountId,
      m.deliveryId,
      m.messageId,
      m.from,
      m.to.join(', '),
      m.subject,
      m.text,
      m.html,
      m.recipientOnly ?? false,
      now,
    ],
  );
}

/**
 * The account's captured mail that `reader` may see: mail addressed to them, and with `shared` (admins)
 * also every mail of the account that is not recipient-only.
 */
export async function listDevOutbox(
  tx: Queryable,
  accountId: string,
  reader: { email: string; shared: boolean },
  limit: number,
) {
  const { rows } = await tx.query<DevOutboxRow>(
    `SELECT id, delivery_id, message_id, from_address, to_addresses, subject, text_body, html_body, recipient_only, created_at
     FROM dev_outbox
     WHERE account_id = $1
       AND (($3 AND NOT recipient_only) OR lower($2) = ANY (string_to_array(lower(to_addresses), ', ')))
     ORDER BY created_at DESC, id LIMIT $4`,
    [accountId, reader.email, reader.shared, limit],
  );
  return rows;
}
