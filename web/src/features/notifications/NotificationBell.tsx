import { useId, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { cx } from '../../components/ui/cx';
import { BellIcon } from '../../components/ui/icons';
import { useDismiss } from '../../lib/useDismiss';
import { usePagePanel } from '../../lib/usePagePanel';
import { useLiveEvent, useLiveStatus } from '../live/LiveContext';
import {
  notificationKeys,
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
  type AppNotification,
  type NotificationList,
} from './api';
import { NotificationPanel } from './NotificationPanel';

/** Bell accessible name: starts with "Notifications" so it is easy to find by voice and in tests. */
export function bellLabel(unread: number): string {
  return unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
}

/** The header bell: unread badge, a panel of the latest notifications, live updates announced politely. */
export function NotificationBell() {
  const queryClient = useQueryClient();
  const liveStatus = useLiveStatus();
  const list = useNotifications({ poll: liveStatus !== 'live' });
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const panelId = useId();
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const { open, setOpen, close } = usePagePanel();
  const [announcement, setAnnouncement] = useState<{ key: number; text: string } | null>(null);

  useDismiss(open, close, triggerRef, panelRef);

  useLiveEvent('notification', (message) => {
    // The frame is the count: each one is one new unread notification of this user. The badge moves
    // without a request, so an escalation does not make every senior's browser fetch the list at
    // the same moment; the list is fetched when the panel opens (at once if it is open).
    queryClient.setQueriesData<NotificationList>({ queryKey: notificationKeys.all }, (current) =>
      current ? { ...current, unread_count: current.unread_count + 1 } : current,
    );
    void queryClient.invalidateQueries({
      queryKey: notificationKeys.all,
      refetchType: open ? 'active' : 'none',
    });
    const title = (message.data as { title?: unknown } | null)?.title;
    setAnnouncement((previous) => ({
      // A new key re-creates the text node, so the same title twice is still announced twice.
      key: (previous?.key ?? 0) + 1,
      text: typeof title === 'string' && title ? `New notification: ${title}` : 'New notification',
    }));
  });

  const unread = list.data?.unread_count ?? 0;

  const toggle = async () => {
    if (open) return setOpen(false);
    markAll.reset();
    if (liveStatus === 'live' && !list.isError && list.isStale) {
      // A notification arrived since the list was fetched (only the badge moved): fetch it before
      // opening, so the panel opens, and puts focus, on the newest item.
      await list.refetch();
    } else if (liveStatus !== 'live' || list.isError) {
      // Without a live stream the list may be a minute old: refresh it as it opens.
      void list.refetch();
    }
    setOpen(true);
  };

  const openItem = (item: AppNotification) => {
    if (!item.read_at) markRead.mutate(item.id);
    setOpen(false);
    triggerRef.current?.focus();
  };

  return (
    <div className="sm:relative">
      <button
        ref={triggerRef}
        type="button"
        aria-label={bellLabel(unread)}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        title="Notifications"
        onClick={toggle}
        className="relative rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-slate-50"
      >
        <BellIcon />
        {unread > 0 && (
          <span
            aria-hidden="true"
            className={cx(
              'absolute -top-0.5 -right-0.5 flex h-4.5 min-w-4.5 items-center justify-center rounded-full px-1',
              'bg-red-600 text-[0.6875rem] leading-none font-semibold text-white ring-2 ring-white',
              'dark:bg-red-500 dark:text-slate-950 dark:ring-slate-900',
            )}
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
        {liveStatus === 'reconnecting' && (
          <span
            aria-hidden="true"
            title="Reconnecting to live updates"
            className="absolute right-0.5 bottom-0.5 size-2 rounded-full bg-amber-500 ring-2 ring-white dark:ring-slate-900"
          />
        )}
      </button>
      {open && (
        <NotificationPanel
          id={panelId}
          panelRef={panelRef}
          triggerRef={triggerRef}
          list={{ data: list.data, isPending: list.isPending, error: list.error }}
          liveStatus={liveStatus}
          onOpenItem={openItem}
          onMarkAll={() => markAll.mutate()}
          markAllPending={markAll.isPending}
          markAllError={markAll.error}
          onClose={close}
        />
      )}
      <div aria-live="polite" aria-atomic="true" className="sr-only">
        {announcement && <span key={announcement.key}>{announcement.text}</span>}
      </div>
    </div>
  );
}
