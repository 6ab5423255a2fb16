import { LoadError } from '../../../components/ui/LoadError';
import { LoadingState } from '../../../components/ui/Spinner';
import { usePageTitle } from '../../../lib/usePageTitle';
import { AdminOnly } from '../AdminOnly';
import { usePsaConnection } from './api';
import { ConnectionCard } from './ConnectionCard';
import { MemberLinksCard } from './MemberLinksCard';
import { PsaHistoryImport } from './PsaHistoryImport';

export function PsaSettingsPage() {
  usePageTitle('PSA');
  return (
    <AdminOnly
      title="The PSA connection is managed by admins"
      reason="Only admins and owners can connect the PSA (ConnectWise Manage, HaloPSA or Autotask) and choose what is written to tickets."
    >
      <PsaSettings />
    </AdminOnly>
  );
}

function PsaSettings() {
  const connection = usePsaConnection();
  if (connection.isPending) return <LoadingState label="Loading the PSA connection…" />;
  if (connection.isError) {
    return (
      <LoadError
        what="the PSA connection"
        error={connection.error}
        onRetry={() => void connection.refetch()}
      />
    );
  }
  return (
    <div className="space-y-6">
      <ConnectionCard connection={connection.data} />
      {connection.data && (
        // Links belong to one PSA: a switch shows the new PSA's (empty) links.
        <MemberLinksCard key={connection.data.provider} provider={connection.data.provider} />
      )}
      {/* The server refuses to import without an enabled connection, so the section waits for one. */}
      {connection.data?.enabled && <PsaHistoryImport />}
    </div>
  );
}
