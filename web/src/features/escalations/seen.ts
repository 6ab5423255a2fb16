import { useCallback, useEffect, useState } from 'react';

/**
 * Which queue cards this user has opened, remembered per browser in localStorage under one key per
 * user and handoff (`resolutionflow.handoff-seen:{userId}:{handoffId}`). A card shows the unread dot
 * until it is opened or claimed; hovering does not count.
 */
const PREFIX = 'resolutionflow.handoff-seen';
const CHANGE_EVENT = 'resolutionflow:handoff-seen';

export const seenKey = (userId: string, handoffId: string) => `${PREFIX}:${userId}:${handoffId}`;

export function isSeen(userId: string, handoffId: string): boolean {
  try {
    return localStorage.getItem(seenKey(userId, handoffId)) !== null;
  } catch {
    return false; // Storage blocked: every card simply stays marked as new.
  }
}

export function markSeen(userId: string, handoffId: string): void {
  try {
    if (isSeen(userId, handoffId)) return;
    localStorage.setItem(seenKey(userId, handoffId), new Date().toISOString());
  } catch {
    return;
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** Forgets handoffs that have left the queue (claimed, resolved), so storage does not grow forever. */
export function pruneSeen(userId: string, keep: ReadonlySet<string>): void {
  try {
    const prefix = `${PREFIX}:${userId}:`;
    const stale: string[] = [];
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key?.startsWith(prefix) && !keep.has(key.slice(prefix.length))) stale.push(key);
    }
    stale.forEach((key) => localStorage.removeItem(key));
  } catch {
    // Nothing to tidy when storage is unavailable.
  }
}

/** `isUnread(id)` for the signed-in user, re-rendering when a card is marked seen here or in another tab. */
export function useUnread(userId: string): {
  isUnread: (handoffId: string) => boolean;
  markSeen: (id: string) => void;
} {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    window.addEventListener(CHANGE_EVENT, bump);
    window.addEventListener('storage', bump);
    return () => {
      window.removeEventListener(CHANGE_EVENT, bump);
      window.removeEventListener('storage', bump);
    };
  }, []);
  const isUnread = useCallback((handoffId: string) => !isSeen(userId, handoffId), [userId]);
  const mark = useCallback((handoffId: string) => markSeen(userId, handoffId), [userId]);
  return { isUnread, markSeen: mark };
}
