import type { Notice } from '../notice';
import type { PushTargetDevice } from './push';

/** One message to send: the idempotency key travels with it (Message-ID, X-ResolutionFlow-Delivery). */
export type OutboundMessage = {
  accountId: string;
  deliveryId: string | null;
  idempotencyKey: string;
  notice: Notice;
};

/** Where a message goes, decrypted just before sending. */
export type ChannelTarget =
  | { kind: 'email'; to: string[] }
  | { kind: 'slack'; url: string }
  | { kind: 'teams'; url: string }
  | { kind: 'webhook'; url: string; secret: string }
  | { kind: 'push'; device: PushTargetDevice };

export type HttpSendOptions = { requireHttps: boolean; allowPrivate: boolean; timeoutMs: number };

/** A failure no retry can fix (the push service forgot the device): the row is dead at once. */
export class PermanentDeliveryError extends Error {}
