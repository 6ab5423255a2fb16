import { EmptyState } from '../../components/ui/EmptyState';
import { SessionsIcon } from '../../components/ui/icons';
import { PageHeader } from '../../components/ui/PageHeader';
import { usePageTitle } from '../../lib/usePageTitle';

export function SessionsPage() {
  usePageTitle('Sessions');
  return (
    <>
      <PageHeader title="Sessions" description="Guided troubleshooting sessions run by your helpdesk." />
      <EmptyState
        icon={<SessionsIcon className="size-6" />}
        title="No sessions yet"
        description="Troubleshooting sessions will be listed here with the issue, the client, who is working on it and how far along the steps they are. Starting sessions is not available in this version yet."
      />
    </>
  );
}
