import { isPolicyRole, type PolicyLevel } from '../../../shared/escalation-policy';
import type { Recipient } from '../handoffs/handoffs.repo';

/**
 * Who a level reaches, among the escalation's possible recipients (active seniors, never the
 * escalator): everyone holding a named role, plus named members. Roles and people that no longer
 * qualify (deactivated, demoted) are skipped at fire time. When nobody named can be reached, every
 * senior is told: an escalation must never go out to nobody.
 */
export function levelRecipients(seniors: Recipient[], notify: string[]): Recipient[] {
  const roles = new Set(notify.filter(isPolicyRole));
  const ids = new Set(notify.filter((n) => !isPolicyRole(n)));
  const picked = seniors.filter((u) => roles.has(u.role as never) || ids.has(u.id));
  return picked.length > 0 ? picked : seniors;
}

/** Email is per recipient, and only when the level lists it. */
export function emailRecipients(level: Pick<PolicyLevel, 'channels'>, recipients: Recipient[]) {
  return level.channels.includes('email') ? recipients.map((r) => ({ userId: r.id, email: r.email })) : [];
}
