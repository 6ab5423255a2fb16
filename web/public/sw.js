/*
 * ResolutionFlow's service worker (served from /sw.js, scope /). It exists for web push (SPEC §15):
 * it shows each push as a notification and opens the handoff when the notification is clicked. It
 * caches nothing and handles no fetches, so the app always talks to the server directly.
 *
 * A push's data is the JSON the server's push sender builds (server/modules/push/push-payload.ts):
 * { title, body, url, tag, handoff_id, priority, event }.
 */

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

/** The path of `url` on this origin: a push can only ever open a page of the app itself. */
function ownUrl(url) {
  try {
    const u = new URL(url, self.location.origin);
    return `${self.location.origin}${u.pathname}${u.search}${u.hash}`;
  } catch {
    return `${self.location.origin}/`;
  }
}

function readPayload(data) {
  if (!data) return {};
  try {
    return data.json();
  } catch {
    return { body: data.text() };
  }
}

self.addEventListener('push', (event) => {
  const p = readPayload(event.data);
  const options = {
    body: typeof p.body === 'string' ? p.body : '',
    icon: '/icons/icon-192.png',
    badge: '/icons/badge-96.png',
    data: { url: ownUrl(typeof p.url === 'string' ? p.url : '/'), handoffId: p.handoff_id ?? null },
    // One alert per handoff on the lock screen: a re-escalation replaces the first and rings again.
    tag: typeof p.tag === 'string' ? p.tag : undefined,
    renotify: typeof p.tag === 'string',
    // A P1 stays on screen until someone acts on it.
    requireInteraction: p.priority === 'p1',
  };
  event.waitUntil(
    self.registration.showNotification(typeof p.title === 'string' ? p.title : 'ResolutionFlow', options),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || `${self.location.origin}/`;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const same = windows.find((w) => w.url === url);
      if (same) return same.focus();
      // An open window of the app is reused rather than opening another one.
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        try {
          return await open.navigate(url);
        } catch {
          // navigate() is refused for a window this worker does not control yet.
        }
      }
      return self.clients.openWindow(url);
    })(),
  );
});
