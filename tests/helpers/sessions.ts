import { withTenant } from '../../server/db/tenant';
import type { Database } from '../../server/db/types';
import type { SessionStatus } from '../../shared/sessions';
import type { TestClient } from './app';

/** Starts a session as `client` and returns the response body ({session, current_step, ...}). */
export async function startSession(
  client: TestClient,
  problem = 'Outlook says trying to connect since this morning, webmail works fine',
  extra: Record<string, unknown> = {},
) {
  const res = await client.post('/api/v1/sessions', { problem, ...extra });
  if (res.status !== 201) throw new Error(`session create failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Answers the current step with its first option (questions) or the given outcome (actions). */
export async function answerCurrent(
  client: TestClient,
  body: { session: { id: string }; current_step: any },
  outcome = 'failed',
) {
  const step = body.current_step;
  const answer = step.kind === 'action' ? { outcome } : { option: step.content.options[0].value };
  return client.post(`/api/v1/sessions/${body.session.id}/steps/${step.id}/answer`, answer);
}

/**
 * Puts a session into a status directly. Escalation and claim have their own API; tests of the
 * session status machine use this to start from every status.
 */
export async function forceStatus(
  db: Database,
  accountId: string,
  sessionId: string,
  status: SessionStatus,
  escalatedTo: string | null = null,
) {
  await withTenant(db, accountId, (tx) =>
    tx.query(`UPDATE sessions SET status = $3, escalated_to_id = $4 WHERE account_id = $1 AND id = $2`, [
      accountId,
      sessionId,
      status,
      escalatedTo,
    ]),
  );
}
