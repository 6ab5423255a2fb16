import type { Config } from '../../config';
import { withTenant } from '../../db/tenant';
import { conflict, notFound } from '../../lib/app-error';
import type { Ctx } from '../context';
import { isAdmin } from '../../../shared/roles';
import { assertAdmin } from '../members/members.permissions';
import * as repo from './deliveries.repo';
import { listDevOutbox } from './dev-outbox.repo';

export function listDeliveries(ctx: Ctx, query: { status?: string; limit: number }) {
  assertAdmin(ctx.actor.role);
  return withTenant(ctx.db, ctx.actor.accountId, (tx) =>
    repo.listDeliveryLog(tx, ctx.actor.accountId, query.status ?? null, query.limit),
  );
}

/** "Retry" in the delivery log: a failed or dead delivery goes out again at the worker's next pass. */
export async function retryDelivery(ctx: Ctx, id: string, kickDeliveries: (() => void) | undefined) {
  assertAdmin(ctx.actor.role);
  const accountId = ctx.actor.accountId;
  const row = await withTenant(ctx.db, accountId, async (tx) => {
    if (!(await repo.retryDelivery(tx, accountId, id, ctx.now))) {
      const status = await repo.findDeliveryStatus(tx, accountId, id);
      if (!status) throw notFound('Delivery');
      throw conflict('NOT_RETRYABLE', `Only failed or dead deliveries can be retried; this one is ${status}`);
    }
    return (await repo.findDeliveryLogEntry(tx, accountId, id))!;
  });
  kickDeliveries?.();
  return row;
}

/**
 * Mail captured without SMTP outside production. In production there is no such thing: 404.
 * Every member reads the mail addressed to them (so a tech can follow their own reset link in the
 * demo); admins also read the account's other mail, except recipient-only mail (reset links), which
 * would let them take over the recipient's account.
 */
export function listDevOutboxMail(ctx: Ctx, config: Config) {
  if (config.isProduction) throw notFound('Page');
  const reader = { email: ctx.actor.email, shared: isAdmin(ctx.actor.role) };
  return withTenant(ctx.db, ctx.actor.accountId, (tx) => listDevOutbox(tx, ctx.actor.accountId, reader, 100));
}
