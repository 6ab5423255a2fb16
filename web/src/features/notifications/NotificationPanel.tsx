import { useEffect, useId, useRef, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/ui/Button';
import { cx } from '../../components/ui/cx';
import { BellIcon } from '../../components/ui/icons';
import { Notice } from '../../components/ui/Notice';
import { Spinner } from '../../components/ui/Spinner';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { formatTimeAgo } from '../../lib/timeAgo';
import type { LiveStatus } from '../live/liveConnection';
import { PushDeviceToggle } from '../push/PushDeviceToggle';
import type { AppNotification, NotificationList } from './api';

const STATUS_TEXT: Record<LiveStatus, string> = {
  live: 'Live updates on.',
  connecting: 'Connecting to live updates…',
  reconnecting: 'Live updates interrupted; reconnecting…',
  idle: 'Live updates off; this list refreshes every minute.',
  unsupported: 'Live updates unavailable; this list refreshes every minute.',
};

const ITEM_SELECTOR = '[data-notification-item]';

/** In-app links only (`/sessions/…`): a notification must never send anyone off-site. */
export function isAppLink(link: string): boolean {
  return link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\');
}

interface NotificationPanelProps {
  id: string;
  panelRef: RefObject<HTMLDivElement | null>;
  triggerRef: RefObject<HTMLButtonElement | null>;
  list: { data: NotificationList | undefined; isPending: boolean; error: unknown };
  liveStatus: LiveStatus;
  onOpenItem: (item: AppNotification) => void;
  onMarkAll: () => void;
  markAllPending: boolean;
  markAllError: unknown;
  onClose: () => void;
}

/**
 * A non-modal dialog under the bell. Focus moves to the first notification (or the panel) on open;
 * Up/Down/Home/End move between notifications; Esc (see useDismiss) or tabbing away closes it.
 */
export function NotificationPanel(props: NotificationPanelProps) {
  const { id, panelRef, triggerRef, list, liveStatus, onOpenItem, onMarkAll, onClose } = props;
  const titleId = useId();
  const focusedOnce = useRef(false);
  const items = list.data?.items ?? [];
  const unread = list.data?.unread_count ?? 0;

  useEffect(() => {
    if (focusedOnce.current || list.isPending) return;
    focusedOnce.current = true;
    const first = panelRef.current?.querySelector<HTMLElement>(ITEM_SELECTOR);
    (first ?? panelRef.current)?.focus();
  }, [list.isPending, panelRef]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const all = [...(panelRef.current?.querySelectorAll<HTMLElement>(ITEM_SELECTOR) ?? [])];
    const index = all.indexOf(document.activeElement as HTMLElement);
    if (index === -1 || all.length === 0) return;
    const next =
      event.key === 'ArrowDown'
        ? Math.min(index + 1, all.length - 1)
        : event.key === 'ArrowUp'
          ? Math.max(index - 1, 0)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? all.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    all[next]?.focus();
  };

  // Tabbing out of a non-modal popover closes it, so it never lingers over the page behind.
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    const to = event.relatedTarget as Node | null;
    if (!to || panelRef.current?.contains(to) || triggerRef.current?.contains(to)) return;
    onClose();
  };

  return (
    <div
      ref={panelRef}
      id={id}
      role="dialog"
      aria-labelledby={titleId}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onBlur={onBlur}
      className={cx(
        'fixed inset-x-2 top-16 z-40 flex max-h-[calc(100dvh-5rem)] flex-col rounded-lg border border-slate-200 bg-white shadow-lg',
        'sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-2 sm:w-96',
        'dark:border-slate-700 dark:bg-slate-900',
      )}
    >
      <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-3 dark:border-slate-700">
        <h2 id={titleId} className="text-base font-semibold text-slate-900 dark:text-slate-50">
          Notifications
        </h2>
        <Button
          size="sm"
          variant="ghost"
          onClick={onMarkAll}
          loading={props.markAllPending}
          disabled={unread === 0}
        >
          Mark all read
        </Button>
      </div>
      {props.markAllError != null && (
        <Notice tone="error" className="m-3">
          {errorMessage(props.markAllError, 'Could not mark the notifications read.')}
        </Notice>
      )}
      <div className="min-h-0 flex-1 overflow-y-auto">
        {list.isPending && (
          <p className="flex items-center gap-2 px-4 py-6 text-sm text-slate-600 dark:text-slate-400">
            <Spinner className="size-4" /> Loading notifications…
          </p>
        )}
        {!list.isPending && list.error != null && !list.data && (
          <Notice tone="error" className="m-3">
            {errorMessage(list.error, 'Could not load your notifications.')}
          </Notice>
        )}
        {list.data && items.length === 0 && (
          <div className="flex flex-col items-center gap-2 px-4 py-8 text-center text-sm text-slate-600 dark:text-slate-400">
            <BellIcon className="size-6" />
            <p>No notifications yet. Escalations you need to know about will show up here.</p>
          </div>
        )}
        {items.length > 0 && (
          <ul aria-label="Latest notifications" className="divide-y divide-slate-100 dark:divide-slate-800">
            {items.map((item) => (
              <li key={item.id}>
                <NotificationItem item={item} onOpen={() => onOpenItem(item)} />
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="border-t border-slate-200 dark:border-slate-700">
        <PushDeviceToggle compact />
      </div>
      <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-500 dark:border-slate-700 dark:text-slate-400">
        {STATUS_TEXT[liveStatus]}
      </p>
    </div>
  );
}

function NotificationItem({ item, onOpen }: { item: AppNotification; onOpen: () => void }) {
  const unread = !item.read_at;
  const className = cx(
    'flex w-full items-start gap-3 px-4 py-3 text-left text-sm hover:bg-slate-50 focus-visible:bg-slate-50',
    'dark:hover:bg-slate-800/70 dark:focus-visible:bg-slate-800/70',
    unread && 'bg-accent-50/60 dark:bg-accent-950/40',
  );
  const body = (
    <>
      <span
        aria-hidden="true"
        className={cx(
          'mt-1.5 size-2 shrink-0 rounded-full',
          unread ? 'bg-accent-600 dark:bg-accent-400' : 'bg-transparent',
        )}
      />
      <span className="min-w-0 flex-1">
        {unread && <span className="sr-only">Unread: </span>}
        <span
          className={cx(
            'block break-words text-slate-900 dark:text-slate-100',
            unread ? 'font-semibold' : 'font-normal',
          )}
        >
          {item.title}
        </span>
        <time
          dateTime={item.created_at}
          title={formatDateTime(item.created_at)}
          className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400"
        >
          {formatTimeAgo(item.created_at)}
        </time>
      </span>
    </>
  );
  if (isAppLink(item.link)) {
    return (
      <Link to={item.link} data-notification-item="" onClick={onOpen} className={className}>
        {body}
      </Link>
    );
  }
  return (
    <button type="button" data-notification-item="" onClick={onOpen} className={className}>
      {body}
    </button>
  );
}
