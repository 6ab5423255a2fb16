import type { ReactNode } from 'react';
import { EmptyState } from '../../components/ui/EmptyState';
import { LockIcon } from '../../components/ui/icons';
import { canManageMembers } from '../../lib/roles';
import { useSession } from '../auth/AuthContext';

/**
 * Settings sections for admins and owners only: everyone else reaching them by URL gets an explanation
 * instead of a failed request (the server enforces the same rule).
 */
interface AdminOnlyProps {
  /** Heading shown to everyone else, e.g. "Notification channels are managed by admins". */
  title: string;
  reason: ReactNode;
  children: ReactNode;
}

export function AdminOnly({ title, reason, children }: AdminOnlyProps) {
  const { user } = useSession();
  if (canManageMembers(user.role)) return <>{children}</>;
  return (
    <EmptyState
      icon={<LockIcon className="size-6" />}
      title={title}
      description={
        <>
          <p>{reason}</p>
          <p className="mt-2">Ask an admin or owner on your team if something needs to change.</p>
        </>
      }
    />
  );
}
