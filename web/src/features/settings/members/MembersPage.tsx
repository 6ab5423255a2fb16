import { Notice } from '../../../components/ui/Notice';
import { canManageMembers } from '../../../lib/roles';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useSession } from '../../auth/AuthContext';
import { InvitesCard } from './InvitesCard';
import { MembersCard } from './MembersCard';

export function MembersPage() {
  usePageTitle('Members');
  const { user } = useSession();
  const canManage = canManageMembers(user.role);
  return (
    <div className="space-y-6">
      {!canManage && (
        <Notice tone="info">
          Only admins and owners can invite people or change roles. This list is read-only for you.
        </Notice>
      )}
      <MembersCard canManage={canManage} currentUserId={user.id} />
      {canManage && <InvitesCard />}
    </div>
  );
}
