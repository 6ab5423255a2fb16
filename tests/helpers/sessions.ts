import { withTenant } from '../../server/db/tenant';
import type { Database } from '../../server/db/types';
import type { SessionStatus } from '../../shared/sessions';
import type { TestClient } from './test-client';

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

/** Starts a session and answers its first step, so an escalation has something "tried". */
export async function startAnsweredSession(
  client: TestClient,
  problem: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; summary: string }> {
  const { session, current_step: step } = await startSession(client, problem, extra);
  if (step) {
    const answer =
      step.kind === 'action'
        ? { outcome: 'failed', note: 'No change' }
        : step.content.options?.[0]
          ? { option: step.content.options[0].value }
          : { skipped: true };
    const res = await client.post(`/api/v1/sessions/${session.id}/steps/${step.id}/answer`, answer);
    if (res.status !== 200) throw new Error(`answer step: ${res.status} ${res.text}`);
  }
  return { id: session.id, summary: session.problem_summary || problem };
}

/** Escalates a session as `client`; returns the new handoff. */
export async function escalate(
  client: TestClient,
  sessionId: string,
  notes: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; session_id: string }> {
  const res = await client.post(`/api/v1/sessions/${sessionId}/handoffs`, {
    intent: 'escalate',
    engineer_notes: notes,
    ...extra,
  });
  if (res.status !== 201) throw new Error(`escalate: ${res.status} ${res.text}`);
  return res.body.handoff;
}

/** A brand-new escalation: session started, one step answered, escalated with `notes`. */
export async function newEscalation(
  client: TestClient,
  problem: string,
  notes = 'Tried the usual, no change.',
) {
  const session = await startAnsweredSession(client, problem);
  const handoff = await escalate(client, session.id, notes);
  return { sessionId: session.id, summary: session.summary, handoffId: handoff.id };
}
