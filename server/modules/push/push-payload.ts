import type { Notice } from '../deliveries/notice';

/**
 * What the service worker receives (web/public/sw.js shows it): small, because push services cap
 * an encrypted message at about 4 KB. `url` is the handoff screen; `tag` groups the messages about
 * one handoff on the lock screen, so a re-escalation replaces the first alert instead of piling up.
 */
export type PushPayload = {
  title: string;
  body: string;
  url: string;
  tag: string;
  handoff_id: string | null;
  priority: string | null;
  event: string;
};

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function pushPayload(n: Notice, appUrl: string): PushPayload {
  const p = n.event.payload;
  // A bell notification (claim reminder) names its own link, which the push opens too.
  const link = typeof p.link === 'string' && p.link.startsWith('/') ? `${appUrl}${p.link}` : n.url;
  const event = n.event.type === 'notification' && typeof p.event === 'string' ? p.event : n.event.type;
  const facts = [n.priority ? n.priority.toUpperCase() : null, n.ticket ? `#${n.ticket}` : null]
    .filter(Boolean)
    .join(' · ');
  return {
    title: cut(n.title, 200),
    body: cut([facts, n.summary].filter(Boolean).join(' — '), 300),
    url: link,
    tag: n.handoffId ? `handoff-${n.handoffId}` : `event-${n.event.id}`,
    handoff_id: n.handoffId,
    priority: n.priority,
    event,
  };
}
