import { useState } from 'react';
import type { Schemas } from '../../../api/client';
import { Badge, type BadgeTone } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { QueryList } from '../../../components/ui/QueryList';
import { Table, Td, Th } from '../../../components/ui/Table';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { formatDate } from '../../../lib/format';
import { ROLE_LABELS } from '../../../lib/roles';
import { useInvites, useRevokeInvite } from '../api';
import { InviteMemberDialog } from './InviteMemberDialog';

type Invite = Schemas['Invite'];

const STATUS_BADGE: Record<Invite['status'], { tone: BadgeTone; label: string }> = {
  pending: { tone: 'warning', label: 'Pending' },
  accepted: { tone: 'success', label: 'Accepted' },
  revoked: { tone: 'neutral', label: 'Revoked' },
  expired: { tone: 'danger', label: 'Expired' },
};

/** Admin/owner only: pending and past invites, with invite and revoke actions. */
export function InvitesCard() {
  const invites = useInvites(true);
  const revoke = useRevokeInvite();
  const { notify } = useToast();
  const [inviting, setInviting] = useState(false);
  const [revoking, setRevoking] = useState<Invite | null>(null);

  const confirmRevoke = () => {
    if (!revoking) return;
    revoke.mutate(revoking.id, {
      onSuccess: () => {
        notify(`Invite for ${revoking.email} revoked.`);
        setRevoking(null);
      },
    });
  };

  return (
    <Card
      title="Invites"
      description="People you have invited who have not joined yet, and past invites."
      actions={
        <Button variant="primary" size="sm" onClick={() => setInviting(true)}>
          Invite member
        </Button>
      }
      flush
    >
      <QueryList
        query={invites}
        what="invites"
        loadingLabel="Loading invites…"
        flush
        empty="No invites yet. Use “Invite member” to add someone to your team."
      >
        {(items) => (
          <Table caption="Invites">
            <thead>
              <tr>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>Status</Th>
                <Th className="hidden sm:table-cell">Expires</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {items.map((invite) => (
                <tr key={invite.id}>
                  <Td className="break-all">{invite.email}</Td>
                  <Td>{ROLE_LABELS[invite.role] ?? invite.role}</Td>
                  <Td>
                    <Badge tone={STATUS_BADGE[invite.status]?.tone ?? 'neutral'}>
                      {STATUS_BADGE[invite.status]?.label ?? invite.status}
                    </Badge>
                  </Td>
                  <Td className="hidden text-slate-600 sm:table-cell dark:text-slate-400">
                    {formatDate(invite.expires_at)}
                  </Td>
                  <Td className="text-right">
                    {invite.status === 'pending' && (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => {
                          revoke.reset();
                          setRevoking(invite);
                        }}
                        aria-label={`Revoke invite for ${invite.email}`}
                      >
                        Revoke
                      </Button>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryList>
      <InviteMemberDialog open={inviting} onClose={() => setInviting(false)} />
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke invite?"
        confirmLabel="Revoke invite"
        onConfirm={confirmRevoke}
        onCancel={() => setRevoking(null)}
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
      >
        The link sent to <strong>{revoking?.email}</strong> will stop working. You can invite them again
        later.
      </ConfirmDialog>
    </Card>
  );
}
