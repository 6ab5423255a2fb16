import type { Config } from '../../config';
import type { Queryable } from '../../db/types';
import * as lease from '../deliveries/delivery-lease.repo';
import { applyDeliveryPlan, type DeliveryPlan } from '../deliveries/delivery-plan';
import { findHandoff } from '../handoffs/handoffs.repo';
import { pickupLink } from '../handoffs/titles';
import { findSession, listFacts, listSteps } from '../sessions/sessions.repo';
import { PSA_LABELS, type PsaProvider, type PsaProviderName } from './provider';
import { providerForConnection } from './provider-factory';
import { budgetWaitMs } from './psa-rate-budget';
import { referenceLine, renderEscalationNote, renderResolutionNote } from './psa-notes';
import { statusChangeOrder } from './psa-outbox.repo';
import {
  deliveryProvider,
  findConnectionSecrets,
  findMemberLink,
  type PsaConnectionSecretsRow,
} from './psa.repo';

/** What the delivery worker does with a PSA row: send it, put it off, or give it up. */
type Plan = DeliveryPlan<(attempt: number) => Promise<void>>;

/** How often a note waiting for the escalation's assessment looks again (not an attempt). */
const ASSESSMENT_POLL_MS = 2_000;
/** How soon a status change waiting for an earlier one of the same ticket looks again. */
const IN_FLIGHT_POLL_MS = 2_000;
/** A note waits for the assessment at most this long beyond the assessment's own deadline. */
const ASSESSMENT_GRACE_MS = 10_000;

const dead = (error: string): Plan => ({ kind: 'dead', error });
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * PSA writes (ticket notes, status changes, time entries) for the delivery worker. Each write is its
 * own delivery: leased, counted, retried after 30 s, 2 min and 10 min, then `dead`, with a retry
 * button in the log, exactly like a chat message. Nothing here ever runs inside the escalation or
 * resolution: a PSA that is down only leaves rows to retry.
 */
export class PsaDeliveries {
  constructor(private readonly o: { config: Config; timeoutMs: number }) {}

  /**
   * Prepares one leased PSA row inside its tenant transaction. Returns the send to run after commit
   * (the attempt is counted first), or null when the row was deferred or given up; `deferredMs` tells
   * the worker when to look again.
   */
  async prepare(
    tx: Queryable,
    accountId: string,
    job: lease.DeliveryJob,
    token: string,
    now: Date,
    leaseMs: number,
  ) {
    const plan = await this.plan(tx, accountId, job, token, now);
    return applyDeliveryPlan(tx, accountId, job.id, token, now, leaseMs, plan, (attempts, send) => ({
      kind: 'psa' as const,
      attempts,
      send: () => send(attempts),
    }));
  }

  private async plan(
    tx: Queryable,
    accountId: string,
    job: lease.DeliveryJob,
    token: string,
    now: Date,
  ): Promise<Plan> {
    const conn = await findConnectionSecrets(tx, accountId);
    if (!conn) return dead('The PSA connection was removed');
    if (!conn.enabled) return dead('The PSA connection is switched off');
    // A write queued for one PSA names that PSA's ticket: after a switch it goes to neither (SPEC §17).
    const meantFor = (await deliveryProvider(tx, accountId, job.id)) ?? 'connectwise';
    if (meantFor !== conn.provider)
      return dead(
        `Cancelled: this write was meant for ${PSA_LABELS[meantFor]}, and the account now uses ${PSA_LABELS[conn.provider]}; it is sent to neither`,
      );
    // The PSA asked for a pause (429 Retry-After) or its request budget is spent: put the write off
    // without spending an attempt; the log keeps the error of the attempt that met the limit.
    const pauseMs = budgetWaitMs(conn.provider, accountId, Date.now());
    if (pauseMs > 0) return { kind: 'defer', ms: pauseMs };
    let provider: PsaProvider;
    try {
      provider = providerForConnection(conn, accountId, this.o.config, this.o.timeoutMs);
    } catch (err) {
      return dead(`${(err as Error).message}: save the keys again in Settings → PSA, then retry`);
    }
    const ticket = job.recipient;
    // The whole line, brackets included: "ref 12:psa:note" must not match inside "ref 112:psa:note".
    const marker = referenceLine(job.idempotency_key);
    const writeOptions = (attempt: number) => ({ marker, checkFirst: attempt > 1 });
    const escalation = job.event_type === 'handoff_created';

    if (job.psa_action === 'status') {
      const status = escalation ? conn.escalated_status : conn.resolved_status;
      if (!status) return dead(`No "${escalation ? 'escalated' : 'resolved'}" status is configured any more`);
      // Retries can reorder status changes (the escalation's, delayed by an outage, after the
      // resolution's): only the newest may be applied, and after any older one still on the wire.
      const order = await statusChangeOrder(tx, accountId, job, token, now);
      if (order.superseded)
        return dead(`Skipped: a later status change of ticket #${ticket} replaces this one`);
      if (order.earlier_in_flight) return { kind: 'defer', ms: IN_FLIGHT_POLL_MS };
      return { kind: 'send', send: () => provider.changeStatus(ticket, status) };
    }
    if (job.psa_action === 'note') {
      const note = escalation
        ? await this.escalationNote(tx, accountId, job, now)
        : await this.resolutionNote(tx, accountId, job, conn);
      if (note.kind !== 'text') return note;
      return {
        kind: 'send',
        send: async (attempt) =>
          void (await provider.postNote(
            ticket,
            { text: note.text, visibility: note.visibility, kind: escalation ? 'escalation' : 'resolution' },
            writeOptions(attempt),
          )),
      };
    }
    if (job.psa_action === 'time_entry')
      return this.timeEntry(tx, accountId, job, provider, conn.provider, writeOptions);
    return dead(`Unknown PSA action ${String(job.psa_action)}`);
  }

  private async escalationNote(tx: Queryable, accountId: string, job: lease.DeliveryJob, now: Date) {
    const handoffId = str(job.event_payload.handoff_id);
    const h = handoffId ? await findHandoff(tx, accountId, handoffId) : undefined;
    if (!h) return dead('The escalation no longer exists');
    // The note carries the assessment's hypothesis and next steps: give it the time it is allowed.
    const waited = now.getTime() - h.created_at.getTime();
    if (
      h.assessment_status === 'pending' &&
      waited < this.o.config.ai.assessmentTimeoutMs + ASSESSMENT_GRACE_MS
    ) {
      return { kind: 'defer', ms: ASSESSMENT_POLL_MS } as const;
    }
    const text = renderEscalationNote({
      snapshot: h.snapshot,
      priority: h.priority,
      assessment: h.assessment_status === 'ready' ? h.assessment : null,
      assessmentStatus: h.assessment_status,
      link: `${this.o.config.appUrl}${pickupLink(h.session_id)}`,
      reference: referenceLine(job.idempotency_key),
    });
    return { kind: 'text', text, visibility: 'internal' } as const;
  }

  private async resolutionNote(
    tx: Queryable,
    accountId: string,
    job: lease.DeliveryJob,
    conn: PsaConnectionSecretsRow,
  ) {
    const sessionId = str(job.event_payload.session_id);
    const session = sessionId ? await findSession(tx, accountId, sessionId) : undefined;
    if (!session || !sessionId) return dead('The session no longer exists');
    const [steps, facts] = [
      await listSteps(tx, accountId, sessionId),
      await listFacts(tx, accountId, sessionId),
    ];
    const by = job.event_payload.resolved_by as { name?: string } | undefined;
    const text = renderResolutionNote({
      session,
      steps,
      facts,
      resolvedBy: by?.name ?? 'ResolutionFlow',
      hours: Number(job.event_payload.hours) || 0,
      visibility: conn.resolution_note_visibility,
      link: `${this.o.config.appUrl}/sessions/${sessionId}`,
      reference: referenceLine(job.idempotency_key),
    });
    return { kind: 'text', text, visibility: conn.resolution_note_visibility } as const;
  }

  /** Booked under the resolver's PSA member, ending when the session was resolved. */
  private async timeEntry(
    tx: Queryable,
    accountId: string,
    job: lease.DeliveryJob,
    provider: PsaProvider,
    providerName: PsaProviderName,
    writeOptions: (attempt: number) => { marker: string; checkFirst: boolean },
  ): Promise<Plan> {
    const by = job.event_payload.resolved_by as { id?: string; name?: string } | undefined;
    const link = by?.id ? await findMemberLink(tx, accountId, by.id, providerName) : undefined;
    if (!link)
      return dead(
        `${by?.name ?? 'The resolver'} is not linked to a ${PSA_LABELS[providerName]} member (Settings → PSA), so the time entry has no owner; link them, then retry`,
      );
    const hours = Number(job.event_payload.hours);
    if (!(hours > 0)) return dead('The resolution recorded no time to book');
    const sessionId = str(job.event_payload.session_id);
    const session = sessionId ? await findSession(tx, accountId, sessionId) : undefined;
    const end = job.event_created_at;
    const entry = {
      memberId: link.member_id,
      start: new Date(end.getTime() - hours * 3_600_000),
      end,
      hours,
      notes: `${session ? `${session.problem_summary}: ${session.resolution_summary ?? ''}` : 'Troubleshooting session'}\n${referenceLine(job.idempotency_key)}`,
    };
    return {
      kind: 'send',
      send: async (attempt) =>
        void (await provider.addTimeEntry(job.recipient, entry, writeOptions(attempt))),
    };
  }
}
