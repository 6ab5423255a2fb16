import { LoadError } from '../../../components/ui/LoadError';
import { LoadingState } from '../../../components/ui/Spinner';
import { usePageTitle } from '../../../lib/usePageTitle';
import { AdminOnly } from '../AdminOnly';
import { useSsoSettings } from './api';
import { SsoSettingsForm } from './SsoSettingsForm';

export function SsoSettingsPage() {
  usePageTitle('Single sign-on');
  return (
    <AdminOnly
      title="Single sign-on is managed by admins"
      reason="Only admins and owners can connect the account to an identity provider such as Microsoft Entra ID or Google Workspace."
    >
      <SsoSettings />
    </AdminOnly>
  );
}

function SsoSettings() {
  const settings = useSsoSettings();
  if (settings.isPending) return <LoadingState label="Loading the single sign-on settings…" />;
  if (settings.isError) {
    return (
      <LoadError
        what="the single sign-on settings"
        error={settings.error}
        onRetry={() => void settings.refetch()}
      />
    );
  }
  return <SsoSettingsForm settings={settings.data} />;
}
