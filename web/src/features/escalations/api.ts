import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, dataOf, type Schemas } from '../../api/client';
import { isSeniorRole } from '../../lib/roles';
import { sessionKeys } from '../sessions/api';
import { fetchMembers, settingsKeys } from '../settings/api';
import type { QueueCardItem } from './types';

type Handoff = Schemas['Handoff'];

export const handoffKeys = {
  all: ['handoffs'] as const,
  queue: ['handoffs', 'queue'] as const,
  forSession: (sessionId: string) => ['handoffs', 'session', sessionId] as const,
};

const byId = (id: string) => ({ params: { path: { id } } });

/** The queue, oldest first as the server sends it. Ages are pinned to this browser's clock on arrival. */
export function useQueue({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: handoffKeys.queue,
    queryFn: async ({ signal }): Promise<QueueCardItem[]> => {
      const { items } = await dataOf(api.GET('/handoffs/queue', { signal }));
      const received = Date.now();
      return items.map((item) => ({ ...item, escalated_at_ms: received - item.age_seconds * 1000 }));
    },
    // Live frames keep it current only while a queue view is mounted: always recheck when one mounts.
    staleTime: 0,
    enabled,
  });
}

export function removeFromQueue(queryClient: QueryClient, handoffId: string): void {
  queryClient.setQueryData<QueueCardItem[]>(handoffKeys.queue, (items) =>
    items?.some((item) => item.id === handoffId) ? items.filter((item) => item.id !== handoffId) : items,
  );
}

/** Applies a change to one cached card; returns false when the card is not in the cache. */
export function patchQueueItem(
  queryClient: QueryClient,
  handoffId: string,
  patch: Partial<Schemas['QueueItem']>,
): boolean {
  let found = false;
  queryClient.setQueryData<QueueCardItem[]>(handoffKeys.queue, (items) =>
    items?.map((item) => {
      if (item.id !== handoffId) return item;
      found = true;
      return { ...item, ...patch };
    }),
  );
  return found;
}

/** Handoffs of one session, newest first (parks only for their author). */
export function useSessionHandoffs(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: handoffKeys.forSession(sessionId),
    queryFn: ({ signal }) => dataOf(api.GET('/sessions/{id}/handoffs', { ...byId(sessionId), signal })),
    select: (response) => response.items,
    staleTime: 0, // Same reason: claims and assessments may have landed while the page was closed.
    enabled,
  });
}

/** The escalation still in progress on a session (unresolved), if any. */
export function openEscalation(handoffs: readonly Handoff[] | undefined): Handoff | null {
  return handoffs?.find((h) => h.intent === 'escalate' && !h.resolved_at) ?? null;
}

export function useCreateHandoff(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Schemas['CreateHandoff']) =>
      dataOf(api.POST('/sessions/{id}/handoffs', { ...byId(sessionId), body: input })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: sessionKeys.detail(sessionId) });
      void queryClient.invalidateQueries({ queryKey: sessionKeys.lists });
      void queryClient.invalidateQueries({ queryKey: handoffKeys.forSession(sessionId) });
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: sessionKeys.detail(sessionId) }),
  });
}

/**
 * Claim. On success the session is refetched before the promise settles, so the claimer's controls are
 * on screen by the time the context dialog closes.
 */
export function useClaimHandoff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (handoff: Pick<Handoff, 'id' | 'session_id'>) =>
      dataOf(api.POST('/handoffs/{id}/claim', byId(handoff.id))),
    onSuccess: async ({ handoff }) => {
      removeFromQueue(queryClient, handoff.id);
      queryClient.setQueryData<{ items: Handoff[] }>(handoffKeys.forSession(handoff.session_id), (list) =>
        list ? { items: list.items.map((h) => (h.id === handoff.id ? handoff : h)) } : list,
      );
      void queryClient.invalidateQueries({ queryKey: sessionKeys.lists });
      await queryClient.invalidateQueries({ queryKey: sessionKeys.detail(handoff.session_id) });
    },
  });
}

/** Put a claimed escalation back in the queue (the claimer, or an admin/owner). */
export function useReleaseHandoff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (handoff: Pick<Handoff, 'id' | 'session_id'>) =>
      dataOf(api.POST('/handoffs/{id}/release', byId(handoff.id))),
    onSuccess: async ({ handoff }) => {
      void queryClient.invalidateQueries({ queryKey: handoffKeys.forSession(handoff.session_id) });
      void queryClient.invalidateQueries({ queryKey: sessionKeys.lists });
      await queryClient.invalidateQueries({ queryKey: sessionKeys.detail(handoff.session_id) });
    },
  });
}

/** Ask the assistant for the next step (or a briefing from the assessment) after claiming. */
export function useAskAssistant(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dataOf(api.POST('/sessions/{id}/ask', byId(sessionId))),
    onSuccess: (view) => {
      queryClient.setQueryData(sessionKeys.detail(sessionId), view);
      void queryClient.invalidateQueries({ queryKey: sessionKeys.lists });
    },
  });
}

/** Same cache entry as the members settings page (raw list response), filtered to claim-capable teammates. */
export function useSeniorTeammates(meId: string, enabled: boolean) {
  return useQuery({
    queryKey: settingsKeys.members,
    queryFn: fetchMembers,
    select: (response) =>
      response.items
        .filter((m) => m.is_active && isSeniorRole(m.role) && m.id !== meId)
        .sort((a, b) => a.name.localeCompare(b.name)),
    enabled,
  });
}
