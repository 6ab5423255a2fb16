import type { Config } from '../../config';
import { asSystem, withTenant } from '../../db/tenant';
import type { Database, Queryable } from '../../db/types';
import type { Logger } from '../../lib/logger';
import { outboundRefusalDetail } from '../../lib/outbound-url-guard';
import { openTarget, secretBoxFor } from '../channels/channel-targets';
import { findChannelSecrets } from '../channels/channels.repo';
import { findHandoff } from '../handoffs/handoffs.repo';
import { PsaDeliveries } from '../psa/psa-delivery';
import { SlackAppDeliveries } from '../slack/slack-delivery';
import { openDevice } from '../push/push-keys-seal';
import { findDeliverableSubscription } from '../push/push.repo';
import * as lease from './delivery-lease.repo';
import { buildNotice } from './notice';
import { ChannelPacer } from './pacing';
import {
  createSenders,
  DEFAULT_SEND_TIMEOUT_MS,
  type ChannelTarget,
  type DeliverySenders,
  type OutboundMessage,
} from './senders';
import { PermanentDeliveryError } from './senders/types';

/** Retries after 30 s, 2 min and 10 min; the attempt after the last delay failing makes the row dead. */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

export type OutboxSenderOptions = {
  db: Database;
  config: Config;
  logger: Logger;
  clock: () => Date;
  /** Defaults to the real senders built from config (SMTP or dev outbox, guarded HTTP). */
  senders?: DeliverySenders;
  /** Upper bound of one HTTP send, and of each SMTP wait (default 10 s). */
  sendTimeoutMs?: number;
  /**
   * How long a lease protects a row without a renewal (see `server/jobs/lease-heartbeat.ts`): the
   * worker renews its batch's leases while it works, so a send may take longer than this.
   */
  leaseMs: number;
};

type ChannelSecrets = NonNullable<Awaited<ReturnType<typeof findChannelSecrets>>>;
type PushDeviceRow = NonNullable<Awaited<ReturnType<typeof findDeliverableSubscription>>>;

/**
 * A row checked and rendered, ready to send once its attempt is counted. PSA writes are planned at
 * send time instead (their plan depends on the ticket's other writes at that moment).
 */
export type Prepared =
  | {
      id: string;
      channel?: ChannelSecrets;
      /** Push rows: the member's device (keys still sealed). */
      device?: PushDeviceRow;
      recipient: string;
      msg: OutboundMessage;
    }
  | { id: string; psa: lease.DeliveryJob }
  | { id: string; slackApp: lease.DeliveryJob };
/** What one send needs after its attempt was counted. */
type Started = { kind: string; attempts: number; send: () => Promise<void> };

/**
 * The work of sending the `deliveries` outbox (email, Slack, Teams, signed webhooks and PSA writes),
 * one step at a time for the delivery worker's loop: lease due rows, prepare an account's rows,
 * send one prepared row. Channel pacing lives here, so it holds for every send of this process.
 *
 * Leasing runs on the system path; everything after it runs inside the row's own tenant
 * transaction and checks the lease token. Nothing is ever sent from inside a transaction.
 */
export class OutboxSender {
  private readonly pacer = new ChannelPacer();
  private readonly senders: DeliverySenders;
  /** PSA writes (ticket notes, status changes, time entries): same rows, retries and log as messages. */
  private readonly psa: PsaDeliveries;
  /** The Slack app's bot messages (post with a Claim button, update after a claim): same rows and log. */
  private readonly slackApp: SlackAppDeliveries;

  constructor(private readonly o: OutboxSenderOptions) {
    this.senders =
      o.senders ?? createSenders({ config: o.config, db: o.db, clock: o.clock, timeoutMs: o.sendTimeoutMs });
    this.psa = new PsaDeliveries({ config: o.config, timeoutMs: o.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS });
    this.slackApp = new SlackAppDeliveries({
      config: o.config,
      db: o.db,
      clock: o.clock,
      timeoutMs: o.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS,
    });
  }

  /** Leases up to `limit` due rows of any account under `token` (FOR UPDATE SKIP LOCKED). */
  leaseDue(token: string, limit: number) {
    return asSystem(this.o.db, 'worker', (q) =>
      lease.leaseDueDeliveries(q, this.o.clock(), this.o.leaseMs, token, limit),
    );
  }

  /** Renews the leases of a batch still in hand (its heartbeat); returns how many rows it still holds. */
  renewLeases(ids: string[], token: string) {
    return asSystem(this.o.db, 'worker', (q) =>
      lease.renewDeliveryLeases(q, ids, token, new Date(this.o.clock().getTime() + this.o.leaseMs)),
    );
  }

  close() {
    this.senders.close();
  }

  /**
   * One tenant transaction for an account's leased rows: re-check each, apply pacing and render the
   * message. Recipients of one event share the handoff read and the notice. The attempt is counted
   * later, right before each send.
   */
  async prepare(accountId: string, ids: string[], token: string) {
    const now = this.o.clock();
    let soonestDeferral = Infinity;
    const ready = await withTenant(this.o.db, accountId, async (tx) => {
      const jobs = await lease.loadLeasedDeliveries(tx, accountId, ids, token); // others: already sent, or our lease expired
      const memberEmails = jobs.filter(isMemberEmail).map((j) => j.recipient);
      const active = await lease.activeMemberEmails(tx, accountId, memberEmails);
      const channels = memoized((id: string) => findChannelSecrets(tx, accountId, id));
      const notices = memoized(
        async (job: lease.DeliveryJob) => {
          const event = {
            id: job.event_id,
            type: job.event_type,
            createdAt: job.event_created_at,
            accountId,
            payload: job.event_payload,
          };
          const handoffId =
            typeof job.event_payload.handoff_id === 'string' ? job.event_payload.handoff_id : null;
          const handoff = handoffId ? await findHandoff(tx, accountId, handoffId) : undefined;
          return buildNotice(event, handoff, this.o.config.appUrl, now);
        },
        (job) => String(job.event_id),
      );
      const prepared: Prepared[] = [];
      for (const job of jobs) {
        if (job.channel === 'psa') {
          prepared.push({ id: job.id, psa: job });
          continue;
        }
        if (job.slack_action) {
          // chat.postMessage allows about one message a second per channel; updates are not paced.
          const deferredMs =
            job.slack_action === 'post'
              ? this.pacer.take(`slack-app:${accountId}`, 'slack', now.getTime())
              : 0;
          if (deferredMs > 0) {
            soonestDeferral = Math.min(soonestDeferral, deferredMs);
            await lease.deferDelivery(tx, accountId, job.id, token, new Date(now.getTime() + deferredMs));
            continue;
          }
          prepared.push({ id: job.id, slackApp: job });
          continue;
        }
        if (job.channel === 'push') {
          // Re-checked now: a device opted out (or whose member left) since the event gets nothing.
          const device = await findDeliverableSubscription(tx, accountId, job.recipient);
          if (!device) {
            await lease.markFailed(tx, accountId, job.id, token, 'The device no longer takes pushes', null);
            continue;
          }
          const msg = {
            accountId,
            deliveryId: job.id,
            idempotencyKey: job.idempotency_key,
            notice: await notices(job),
          };
          prepared.push({ id: job.id, device, recipient: job.recipient, msg });
          continue;
        }
        const channel = job.channel_id ? await channels(job.channel_id) : undefined;
        const refusal = undeliverableReason(job, channel, active);
        if (refusal) {
          await lease.markFailed(tx, accountId, job.id, token, refusal, null);
          continue;
        }
        if (channel) {
          const deferredMs = this.pacer.take(channel.id, channel.kind, now.getTime());
          if (deferredMs > 0) {
            soonestDeferral = Math.min(soonestDeferral, deferredMs);
            await lease.deferDelivery(tx, accountId, job.id, token, new Date(now.getTime() + deferredMs));
            continue;
          }
        }
        const msg = {
          accountId,
          deliveryId: job.id,
          idempotencyKey: job.idempotency_key,
          notice: await notices(job),
        };
        prepared.push({ id: job.id, channel, recipient: job.recipient, msg });
      }
      return prepared;
    });
    return { ready, soonestDeferral };
  }

  /**
   * Right before the send, the attempt is counted and the lease renewed in the database — a worker
   * that stalled after preparing finds its lease gone and sends nothing. The send happens outside
   * any transaction, and its outcome is recorded at once (the smallest window for a resend).
   * Returns how long the row was put off (PSA pacing), 0 otherwise.
   */
  async send(accountId: string, token: string, p: Prepared): Promise<number> {
    const started = await withTenant(this.o.db, accountId, (tx) =>
      this.beginAttempt(tx, accountId, token, p),
    );
    if ('deferredMs' in started) return started.deferredMs;
    let error: string | null = null;
    let detail: string | undefined;
    let permanent = false;
    try {
      await started.send();
    } catch (err) {
      error = (err as Error).message || 'send failed';
      permanent = err instanceof PermanentDeliveryError;
      // Why a target URL was refused (what DNS answered) is for the log, not the stored error.
      detail = outboundRefusalDetail(err);
    }
    await withTenant(this.o.db, accountId, (tx) =>
      error === null
        ? lease.markSent(tx, accountId, p.id, this.o.clock())
        : this.recordFailure(tx, accountId, p.id, token, permanent ? MAX_ATTEMPTS : started.attempts, error),
    );
    if (error !== null) {
      this.o.logger.warn('delivery attempt failed', {
        delivery_id: p.id,
        channel: started.kind,
        attempts: started.attempts,
        error,
        ...(detail ? { detail } : {}),
      });
    }
    return 0;
  }

  private async beginAttempt(
    tx: Queryable,
    accountId: string,
    token: string,
    p: Prepared,
  ): Promise<Started | { deferredMs: number }> {
    const now = this.o.clock();
    if ('psa' in p) {
      const { prepared, deferredMs } = await this.psa.prepare(
        tx,
        accountId,
        p.psa,
        token,
        now,
        this.o.leaseMs,
      );
      return prepared ?? { deferredMs };
    }
    if ('slackApp' in p) {
      const { prepared, deferredMs } = await this.slackApp.prepare(
        tx,
        accountId,
        p.slackApp,
        token,
        now,
        this.o.leaseMs,
      );
      return prepared ?? { deferredMs };
    }
    const attempts = await lease.startAttempt(tx, accountId, p.id, token, now, this.o.leaseMs);
    if (attempts === null) return { deferredMs: 0 }; // the lease was lost: another worker has the row
    try {
      const target: ChannelTarget = p.device
        ? { kind: 'push', device: openDevice(secretBoxFor(this.o.config), accountId, p.device) }
        : p.channel
          ? openTarget(p.channel, accountId, secretBoxFor(this.o.config))
          : { kind: 'email', to: [p.recipient] };
      return { kind: target.kind, attempts, send: () => this.senders.send(target, p.msg) };
    } catch (err) {
      // The attempt counts (a key that no longer opens the target will not fix itself quickly).
      await this.recordFailure(tx, accountId, p.id, token, attempts, (err as Error).message);
      return { deferredMs: 0 };
    }
  }

  private recordFailure(
    tx: Queryable,
    accountId: string,
    id: string,
    token: string,
    attempts: number,
    error: string,
  ) {
    const delay = attempts < MAX_ATTEMPTS ? RETRY_DELAYS_MS[attempts - 1] : undefined;
    const retryAt = delay === undefined ? null : new Date(this.o.clock().getTime() + delay);
    return lease.markFailed(tx, accountId, id, token, error, retryAt);
  }
}

const isMemberEmail = (job: lease.DeliveryJob) =>
  job.channel === 'email' && !job.channel_id && job.recipient.includes('@');

/** Why a row can never be delivered (dead at once, no retries), or null. */
function undeliverableReason(
  job: lease.DeliveryJob,
  channel: ChannelSecrets | undefined,
  activeEmails: Set<string>,
) {
  // An email row without a channel is a member's address, re-checked now: deactivated meanwhile means no mail.
  if (isMemberEmail(job))
    return activeEmails.has(job.recipient.toLowerCase()) ? null : 'Recipient is no longer an active member';
  if (!channel) return 'The channel was deleted';
  if (!channel.enabled) return 'The channel is disabled';
  return null;
}

/** Calls `fn` once per key within one preparation. */
function memoized<A, R>(fn: (arg: A) => Promise<R>, key: (arg: A) => string = String) {
  const cache = new Map<string, Promise<R>>();
  return (arg: A) => {
    const k = key(arg);
    if (!cache.has(k)) cache.set(k, fn(arg));
    return cache.get(k)!;
  };
}
