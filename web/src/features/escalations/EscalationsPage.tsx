import { EmptyState } from '../../components/ui/EmptyState';
import { EscalationIcon } from '../../components/ui/icons';
import { PageHeader } from '../../components/ui/PageHeader';
import { usePageTitle } from '../../lib/usePageTitle';

export function EscalationsPage() {
  usePageTitle('Escalations');
  return (
    <>
      <PageHeader title="Escalations" description="Sessions handed up to senior engineers." />
      <EmptyState
        icon={<EscalationIcon className="size-6" />}
        title="No escalations"
        description="When a tech escalates a session it will appear here with everything already tried, so an engineer can pick it up without starting over."
      />
    </>
  );
}
