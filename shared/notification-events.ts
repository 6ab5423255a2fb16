import type { HandoffEventType } from './live-events';

/**
 * The event keys a notification channel may subscribe to (SPEC §3): the handoff events of the log but
 * `handoff_resolved`. Shared by the server, which validates channel settings against it, and the web
 * settings page, which offers it as checkboxes.
 */
export const CHANNEL_EVENT_KEYS = [
  'handoff_created',
  'handoff_claimed',
  'handoff_released',
  'handoff_escalated',
  'handoff_assessment_ready',
] as const satisfies readonly HandoffEventType[];
export type ChannelEventKey = (typeof CHANNEL_EVENT_KEYS)[number];

export const CHANNEL_KINDS = ['email', 'slack', 'teams', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
