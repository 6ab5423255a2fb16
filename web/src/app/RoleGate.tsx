import type { ReactNode } from 'react';
import type { Role } from '../../../shared/roles';
import { EmptyState } from '../components/ui/EmptyState';
import { LockIcon } from '../components/ui/icons';
import { PageHeader } from '../components/ui/PageHeader';
import { useSession } from '../features/auth/AuthContext';

interface RoleGateProps {
  /** Same predicate as the nav entry, so "hidden in the nav" and "blocked by URL" never disagree. */
  allow?: (role: Role) => boolean;
  area: string;
  children: ReactNode;
}

/** A friendly explanation for pages someone reached by URL but cannot use; the server still enforces access. */
export function RoleGate({ allow, area, children }: RoleGateProps) {
  const { user } = useSession();
  if (!allow || allow(user.role)) return <>{children}</>;
  return (
    <>
      <PageHeader title={area} />
      <EmptyState
        icon={<LockIcon className="size-6" />}
        title={`${area} is not available to you`}
        description={`${area} is for engineers, admins and owners. Ask an admin on your team if you need access.`}
      />
    </>
  );
}
