import {
  CHANNEL_EVENT_KEYS,
  type ChannelEventKey,
  type ChannelKind,
  type DeliveryStatus,
} from '../../../../shared/notification-events';
import type { BadgeTone } from '../../components/ui/Badge';
import { ChatIcon, MailIcon, TeamIcon, WebhookIcon } from '../../components/ui/icons';

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  email: 'Email',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  webhook: 'Webhook',
};

const KIND_ICONS = { email: MailIcon, slack: ChatIcon, teams: TeamIcon, webhook: WebhookIcon };

/** Decorative: always shown next to the kind's name, which carries the meaning. */
export function ChannelKindIcon({ kind, className = 'size-5' }: { kind: ChannelKind; className?: string }) {
  const Icon = KIND_ICONS[kind] ?? WebhookIcon;
  return <Icon className={className} />;
}

export const EVENT_LABELS: Record<ChannelEventKey, string> = {
  handoff_created: 'Session escalated (new handoff)',
  handoff_claimed: 'Handoff claimed',
  handoff_released: 'Handoff released',
  handoff_escalated: 'Handoff escalated to the next level',
  handoff_assessment_ready: 'AI assessment ready',
};

export const EVENT_OPTIONS = CHANNEL_EVENT_KEYS.map((key) => ({ value: key, label: EVENT_LABELS[key] }));

/** Label for any event type, including ones this version does not know yet. */
export function eventLabel(type: string): string {
  return (EVENT_LABELS as Record<string, string>)[type] ?? type.replace(/_/g, ' ');
}

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: 'Pending',
  sent: 'Sent',
  failed: 'Failed',
  dead: 'Dead',
};

export const DELIVERY_STATUS_TONES: Record<DeliveryStatus, BadgeTone> = {
  pending: 'accent',
  sent: 'success',
  failed: 'warning',
  dead: 'danger',
};
