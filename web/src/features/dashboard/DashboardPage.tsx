import { EmptyState } from '../../components/ui/EmptyState';
import { HomeIcon } from '../../components/ui/icons';
import { PageHeader } from '../../components/ui/PageHeader';
import { usePageTitle } from '../../lib/usePageTitle';
import { useSession } from '../auth/AuthContext';

export function DashboardPage() {
  usePageTitle('Dashboard');
  const { user, account } = useSession();
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Welcome back, ${user.name}. Here is what is happening at ${account.name}.`}
      />
      <EmptyState
        icon={<HomeIcon className="size-6" />}
        title="Nothing to summarize yet"
        description="Once your team runs troubleshooting sessions, this page will show open sessions, escalations waiting for an engineer, and recent resolutions."
      />
    </>
  );
}
