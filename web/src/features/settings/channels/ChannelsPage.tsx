import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { BellIcon } from '../../../components/ui/icons';
import { QueryList } from '../../../components/ui/QueryList';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { usePageTitle } from '../../../lib/usePageTitle';
import { AdminOnly } from '../AdminOnly';
import { useChannels, useDeleteChannel, type Channel } from './api';
import { ChannelDialog } from './ChannelDialog';
import { ChannelRow } from './ChannelRow';

export function ChannelsPage() {
  usePageTitle('Notification channels');
  return (
    <AdminOnly
      title="Notification channels are managed by admins"
      reason="Only admins and owners can set up where escalation alerts go (email, Slack, Teams, webhooks). Your own alerts appear under the bell at the top of the page."
    >
      <ChannelsCard />
    </AdminOnly>
  );
}

type Editing = { channel: Channel | null } | null;

function ChannelsCard() {
  const channels = useChannels();
  const remove = useDeleteChannel();
  const { notify } = useToast();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Channel | null>(null);

  const confirmDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notify(`Channel “${deleting.name}” deleted.`);
        setDeleting(null);
      },
    });
  };

  return (
    <Card
      title="Notification channels"
      description="Where escalation alerts are sent besides the in-app bell. Targets are stored encrypted and shown masked."
      actions={
        <Button variant="primary" size="sm" onClick={() => setEditing({ channel: null })}>
          Add channel
        </Button>
      }
      flush
    >
      <QueryList
        query={channels}
        what="channels"
        loadingLabel="Loading channels…"
        flush
        empty={
          <div className="flex flex-col items-center gap-2 px-4 py-10 text-center text-sm text-slate-600 sm:px-5 dark:text-slate-400">
            <BellIcon className="size-6" />
            <p>No channels yet. Add one to alert your team by email, Slack, Teams or a webhook.</p>
          </div>
        }
      >
        {(items) => (
          <ul aria-label="Channels" className="divide-y divide-slate-100 dark:divide-slate-800">
            {items.map((channel) => (
              <ChannelRow
                key={channel.id}
                channel={channel}
                onEdit={() => setEditing({ channel })}
                onDelete={() => {
                  remove.reset();
                  setDeleting(channel);
                }}
              />
            ))}
          </ul>
        )}
      </QueryList>
      <ChannelDialog
        // Keyed so switching between "add" and editing different channels always starts a fresh form.
        key={editing?.channel?.id ?? 'new'}
        open={editing !== null}
        channel={editing?.channel ?? null}
        onClose={() => setEditing(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete channel?"
        confirmLabel="Delete channel"
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
      >
        <strong>{deleting?.name}</strong> will stop receiving alerts immediately. Messages still waiting to be
        sent to it are dropped. This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}
