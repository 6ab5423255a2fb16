import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, dataOf, type ResponseOf, type Schemas } from '../../api/client';

export type AppNotification = Schemas['Notification'];
export type NotificationList = ResponseOf<'get', '/notifications'>;

/** How many of the latest notifications the bell shows. */
export const BELL_LIMIT = 20;
/** When the live stream is not available (viewers, old browsers, reconnecting) the bell polls instead. */
const POLL_MS = 60_000;

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (limit: number) => ['notifications', 'list', limit] as const,
};

export function useNotifications({ poll }: { poll: boolean }) {
  return useQuery({
    queryKey: notificationKeys.list(BELL_LIMIT),
    queryFn: () => dataOf(api.GET('/notifications', { params: { query: { limit: BELL_LIMIT } } })),
    refetchInterval: poll ? POLL_MS : false,
  });
}

/** Applies a server answer ({unread_count}) and marks the given items read in every cached list. */
function applyRead(queryClient: QueryClient, unreadCount: number, ids: 'all' | string) {
  const now = new Date().toISOString();
  queryClient.setQueriesData<NotificationList>({ queryKey: notificationKeys.all }, (list) =>
    list
      ? {
          unread_count: unreadCount,
          items: list.items.map((item) =>
            !item.read_at && (ids === 'all' || item.id === ids) ? { ...item, read_at: now } : item,
          ),
        }
      : list,
  );
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => dataOf(api.POST('/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: ({ unread_count }, id) => applyRead(queryClient, unread_count, id),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dataOf(api.POST('/notifications/read-all')),
    onSuccess: ({ unread_count }) => applyRead(queryClient, unread_count, 'all'),
  });
}
