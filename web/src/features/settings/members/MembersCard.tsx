import { useState } from 'react';
import type { Schemas } from '../../../api/client';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { QueryList } from '../../../components/ui/QueryList';
import { Table, Td, Th } from '../../../components/ui/Table';
import { formatDateTime } from '../../../lib/format';
import { ROLE_LABELS } from '../../../lib/roles';
import { useMembers } from '../api';
import { EditMemberDialog } from './EditMemberDialog';

type Member = Schemas['Member'];

interface MembersCardProps {
  canManage: boolean;
  currentUserId: string;
}

export function MembersCard({ canManage, currentUserId }: MembersCardProps) {
  const members = useMembers();
  const [editing, setEditing] = useState<Member | null>(null);

  return (
    <Card title="Members" description="Everyone who can sign in to this account." flush>
      <QueryList query={members} what="members" loadingLabel="Loading members…" flush>
        {(items) => (
          <Table caption="Members">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Role</Th>
                <Th>Status</Th>
                <Th className="hidden md:table-cell">Last sign-in</Th>
                {canManage && (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((member) => (
                <tr key={member.id}>
                  <Td>
                    <div className="font-medium text-slate-900 dark:text-slate-100">
                      {member.name}
                      {member.id === currentUserId && (
                        <span className="font-normal text-slate-500 dark:text-slate-400"> (you)</span>
                      )}
                    </div>
                    <div className="break-all text-slate-600 dark:text-slate-400">{member.email}</div>
                  </Td>
                  <Td>
                    <Badge tone={member.role === 'owner' || member.role === 'admin' ? 'accent' : 'neutral'}>
                      {ROLE_LABELS[member.role] ?? member.role}
                    </Badge>
                  </Td>
                  <Td>
                    {member.is_active ? (
                      <Badge tone="success">Active</Badge>
                    ) : (
                      <Badge tone="danger">Deactivated</Badge>
                    )}
                  </Td>
                  <Td className="hidden text-slate-600 md:table-cell dark:text-slate-400">
                    {formatDateTime(member.last_login_at)}
                  </Td>
                  {canManage && (
                    <Td className="text-right">
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => setEditing(member)}
                        aria-label={`Edit ${member.name}`}
                      >
                        Edit
                      </Button>
                    </Td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryList>
      <EditMemberDialog
        member={editing}
        isSelf={editing?.id === currentUserId}
        onClose={() => setEditing(null)}
      />
    </Card>
  );
}
