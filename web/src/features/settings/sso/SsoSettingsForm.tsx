import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { Checkbox } from '../../../components/ui/Checkbox';
import { CopyField } from '../../../components/ui/CopyField';
import { Input } from '../../../components/ui/Input';
import { Notice } from '../../../components/ui/Notice';
import { Select } from '../../../components/ui/Select';
import { Textarea } from '../../../components/ui/Textarea';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { useSaveSsoSettings, useTestSsoDiscovery, type SaveSsoInput, type SsoSettings } from './api';

const ROLE_OPTIONS = [
  { value: 'tech', label: 'Tech' },
  { value: 'engineer', label: 'Engineer' },
  { value: 'viewer', label: 'Viewer' },
  { value: 'admin', label: 'Admin' },
];

type Role = SaveSsoInput['default_role'];

/** Domains as typed: one per line or separated by commas or spaces; lower-cased, no leading "@". */
export const parseDomains = (text: string) => [
  ...new Set(
    text
      .split(/[\s,;]+/)
      .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
      .filter(Boolean),
  ),
];

export function SsoSettingsForm({ settings }: { settings: SsoSettings }) {
  const save = useSaveSsoSettings();
  const discovery = useTestSsoDiscovery();
  const { notify } = useToast();
  const [issuer, setIssuer] = useState(settings.issuer_url);
  const [clientId, setClientId] = useState(settings.client_id);
  // Write-only: empty means "keep the stored secret".
  const [secret, setSecret] = useState('');
  const [domains, setDomains] = useState(settings.allowed_domains.join('\n'));
  const [role, setRole] = useState<Role>(settings.default_role);
  const [ssoOnly, setSsoOnly] = useState(settings.sso_only);
  const [enabled, setEnabled] = useState(settings.enabled);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const serverErrors = fieldErrors(save.error);
  const errors = { ...serverErrors, ...localErrors };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const list = parseDomains(domains);
    const found: Record<string, string> = {};
    if (!issuer.trim()) found.issuer_url = 'Enter the issuer URL of your identity provider.';
    if (!clientId.trim()) found.client_id = 'Enter the client (application) id.';
    if (list.length === 0) found.allowed_domains = 'Enter at least one email domain, e.g. example.com.';
    setLocalErrors(found);
    if (Object.keys(found).length > 0) return;
    const input: SaveSsoInput = {
      issuer_url: issuer.trim(),
      client_id: clientId.trim(),
      allowed_domains: list,
      default_role: role,
      sso_only: ssoOnly,
      enabled,
    };
    if (secret) input.client_secret = secret;
    discovery.reset();
    save.mutate(input, {
      onSuccess: () => {
        setSecret('');
        notify('Single sign-on settings saved.');
      },
    });
  };

  return (
    <div className="space-y-6">
      <Card
        title="Single sign-on"
        description="Members sign in through your identity provider (Microsoft Entra ID, Google Workspace or any OpenID Connect provider), matched by their work email's domain."
      >
        <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Single sign-on settings">
          {save.isError && (
            <Notice tone="error">{errorMessage(save.error, 'Could not save the settings.')}</Notice>
          )}
          <div className="space-y-1.5">
            <CopyField label="Redirect URI" value={settings.redirect_uri} />
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Register this at your provider, with the scopes openid, email and profile.
            </p>
          </div>
          <div className="grid gap-5 sm:grid-cols-2">
            <Input
              label="Issuer URL"
              name="issuer_url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://login.microsoftonline.com/<tenant id>/v2.0"
              value={issuer}
              error={errors.issuer_url}
              onChange={(e) => setIssuer(e.target.value)}
            />
            <Input
              label="Client id"
              name="client_id"
              autoComplete="off"
              spellCheck={false}
              value={clientId}
              error={errors.client_id}
              onChange={(e) => setClientId(e.target.value)}
            />
            <Input
              label="Client secret"
              name="client_secret"
              type="password"
              autoComplete="new-password"
              hint={settings.has_secret ? 'A secret is saved. Leave empty to keep it.' : undefined}
              value={secret}
              error={errors.client_secret}
              onChange={(e) => setSecret(e.target.value)}
            />
            <Select
              label="Role of members created at first sign-in"
              options={ROLE_OPTIONS}
              value={role}
              error={errors.default_role}
              onChange={(e) => setRole(e.target.value as Role)}
            />
          </div>
          <Textarea
            label="Allowed email domains"
            name="allowed_domains"
            rows={3}
            hint="One per line. Each domain can belong to one account only."
            value={domains}
            error={errors.allowed_domains}
            onChange={(e) => setDomains(e.target.value)}
          />
          <Checkbox
            label="SSO only"
            hint="Members can no longer sign in with a password. The owner keeps a password, so a broken provider cannot lock the account out."
            checked={ssoOnly}
            onChange={(e) => setSsoOnly(e.target.checked)}
          />
          <Checkbox
            label="Enabled"
            hint="When off, nobody can sign in with SSO and passwords work as before."
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
          />
          <div className="flex flex-wrap items-center justify-end gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
            <Button
              type="button"
              disabled={!settings.configured}
              loading={discovery.isPending}
              onClick={() => discovery.mutate()}
            >
              Test discovery
            </Button>
            <Button type="submit" variant="primary" loading={save.isPending}>
              Save
            </Button>
          </div>
          {discovery.isError && (
            <Notice tone="error">{errorMessage(discovery.error, 'Could not test the provider.')}</Notice>
          )}
          {discovery.data && (
            <Notice tone={discovery.data.ok ? 'success' : 'error'}>
              {discovery.data.ok ? 'Discovery works. ' : 'Discovery failed. '}
              {discovery.data.message}
            </Notice>
          )}
        </form>
      </Card>
    </div>
  );
}
