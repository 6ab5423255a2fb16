import type { PolicyLevel } from '../../../shared/escalation-policy';
import type { Recipient } from '../handoffs/handoffs.repo';

/** Email is per recipient, and only when the level lists it. */
export function emailRecipients(level: Pick<PolicyLevel, 'channels'>, recipients: Recipient[]) {
  return level.channels.includes('email') ? recipients.map((r) => ({ userId: r.id, email: r.email })) : [];
}
