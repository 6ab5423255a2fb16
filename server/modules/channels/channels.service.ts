import type { ChannelKind } from '../../../shared/notification-events';
import type { Config } from '../../config';
import { withTenant } from '../../db/tenant';
import { notFound } from '../../lib/app-error';
import { newId, newSecret } from '../../lib/crypto';
import type { Logger } from '../../lib/logger';
import { outboundRefusalDetail } from '../../lib/outbound-url-guard';
import { insertAudit } from '../audit/audit.repo';
import type { Ctx } from '../context';
import { testNotice } from '../deliveries/notice';
import { createSenders } from '../deliveries/senders';
import { assertAdmin } from '../members/members.permissions';
import { maskTarget, normaliseTarget, openTarget, sealContext, secretBoxFor } from './channel-targets';
import * as repo from './channels.repo';

/** What channel use cases need beyond the request context. */
export type ChannelEnv = { config: Config; logger?: Logger };

export type CreateChannelInput = {
  kind: ChannelKind;
  name: string;
  target: string;
  events?: string[];
  enabled?: boolean;
};
export type PatchChannelInput = { name?: string; target?: string; events?: string[]; enabled?: boolean };

export function listChannels(ctx: Ctx) {
  assertAdmin(ctx.actor.role);
  return withTenant(ctx.db, ctx.actor.accountId, (tx) => repo.listChannels(tx, ctx.actor.accountId));
}

/**
 * Saves a channel with its target sealed (AES-256-GCM). A webhook channel gets a signing secret,
 * returned this once; afterwards neither the URL nor the secret ever leaves the server.
 */
export async function createChannel(ctx: Ctx, env: ChannelEnv, input: CreateChannelInput) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  // DNS runs before the transaction: a slow resolver must not hold a database connection.
  const target = await normaliseTarget(input.kind, input.target, env.config);
  const box = secretBoxFor(env.config);
  const id = newId();
  const secret = input.kind === 'webhook' ? newSecret('whsec_') : null;
  const channel = await withTenant(ctx.db, accountId, async (tx) => {
    await repo.insertChannel(tx, {
      id,
      accountId,
      kind: input.kind,
      name: input.name,
      targetEncrypted: box.seal(target, sealContext(accountId, id, 'target')),
      targetMasked: maskTarget(input.kind, target),
      secretEncrypted: secret ? box.seal(secret, sealContext(accountId, id, 'secret')) : null,
      events: input.events ?? ['handoff_created'],
      enabled: input.enabled ?? true,
      now: ctx.now,
    });
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: 'channel.created',
        targetType: 'notification_channel',
        targetId: id,
        details: { kind: input.kind, name: input.name },
      },
      ctx.now,
    );
    return (await repo.findChannel(tx, accountId, id))!;
  });
  return { channel, secret };
}

export async function updateChannel(ctx: Ctx, env: ChannelEnv, id: string, input: PatchChannelInput) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  const existing = await withTenant(ctx.db, accountId, (tx) => repo.findChannel(tx, accountId, id));
  if (!existing) throw notFound('Channel');
  const changes: repo.ChannelChanges = { name: input.name, events: input.events, enabled: input.enabled };
  if (input.target !== undefined) {
    const target = await normaliseTarget(existing.kind, input.target, env.config);
    changes.targetEncrypted = secretBoxFor(env.config).seal(target, sealContext(accountId, id, 'target'));
    changes.targetMasked = maskTarget(existing.kind, target);
  }
  return withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.updateChannel(tx, accountId, id, changes, ctx.now))) throw notFound('Channel');
    const fields = Object.keys(input).filter((k) => input[k as keyof PatchChannelInput] !== undefined);
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: 'channel.updated',
        targetType: 'notification_channel',
        targetId: id,
        details: { fields },
      },
      ctx.now,
    );
    return (await repo.findChannel(tx, accountId, id))!;
  });
}

/** Pending deliveries of a deleted channel keep their row (channel_id becomes NULL) and end as dead. */
export async function deleteChannel(ctx: Ctx, id: string) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  await withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.deleteChannel(tx, accountId, id))) throw notFound('Channel');
    await insertAudit(
      tx,
      {
        accountId,
        actorUserId: ctx.actor.id,
        action: 'channel.deleted',
        targetType: 'notification_channel',
        targetId: id,
      },
      ctx.now,
    );
  });
}

/**
 * "Send test": one message now, outside the outbox, through the same senders and guards as real
 * deliveries (also for a disabled channel, so it can be checked before switching it on).
 */
export async function testChannel(
  ctx: Ctx,
  env: ChannelEnv,
  id: string,
): Promise<{ ok: boolean; error?: string }> {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  const row = await withTenant(ctx.db, accountId, (tx) => repo.findChannelSecrets(tx, accountId, id));
  if (!row) throw notFound('Channel');
  const senders = createSenders({ config: env.config, db: ctx.db, clock: () => ctx.now });
  try {
    const target = openTarget(row, accountId, secretBoxFor(env.config));
    const notice = testNotice(accountId, row.name, env.config.appUrl, ctx.now);
    await senders.send(target, {
      accountId,
      deliveryId: null,
      idempotencyKey: `test.${id}.${newId()}`,
      notice,
    });
    return { ok: true };
  } catch (err) {
    const detail = outboundRefusalDetail(err);
    if (detail) env.logger?.warn('outbound URL refused', { channel_id: id, detail });
    return { ok: false, error: (err as Error).message };
  } finally {
    senders.close();
  }
}
