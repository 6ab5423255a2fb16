import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, dataOf, type Schemas } from '../../api/client';

export type PushDevice = Schemas['PushDevice'];
export type PushSettings = Schemas['PushSettings'];

const devicesKey = ['push', 'subscriptions'] as const;
const settingsKey = ['push', 'settings'] as const;

/** The installation's VAPID public key (never changes while the server's database lives). */
export function useVapidKey(enabled = true) {
  return useQuery({
    queryKey: ['push', 'vapid-public-key'],
    queryFn: () => dataOf(api.GET('/push/vapid-public-key')),
    select: (r) => r.key,
    staleTime: Infinity,
    enabled,
  });
}

/** The signed-in member's devices that receive pushes. */
export function usePushDevices(enabled = true) {
  return useQuery({
    queryKey: devicesKey,
    queryFn: () => dataOf(api.GET('/push/subscriptions')),
    select: (r) => r.subscriptions,
    enabled,
  });
}

export type SubscriptionBody = {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  label?: string;
};

export function useSavePushSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SubscriptionBody) => dataOf(api.POST('/push/subscriptions', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: devicesKey }),
  });
}

export function useRemovePushDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => dataOf(api.DELETE('/push/subscriptions/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: devicesKey }),
  });
}

export function usePushSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => dataOf(api.GET('/push/settings')) });
}

export function useSavePushSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PushSettings) => dataOf(api.PUT('/push/settings', { body })),
    onSuccess: (saved) => queryClient.setQueryData(settingsKey, saved),
  });
}
