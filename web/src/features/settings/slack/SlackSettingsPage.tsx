import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { CopyField } from '../../../components/ui/CopyField';
import { Input } from '../../../components/ui/Input';
import { LoadError } from '../../../components/ui/LoadError';
import { Notice } from '../../../components/ui/Notice';
import { LoadingState } from '../../../components/ui/Spinner';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { usePageTitle } from '../../../lib/usePageTitle';
import { AdminOnly } from '../AdminOnly';
import { useDeleteSlackApp, useSaveSlackApp, useSlackApp, type SlackApp } from './api';

export function SlackSettingsPage() {
  usePageTitle('Slack app');
  return (
    <AdminOnly
      title="The Slack app is managed by admins"
      reason="Only admins and owners can connect the account's Slack app, whose Claim button lets seniors take escalations from Slack."
    >
      <SlackSettings />
    </AdminOnly>
  );
}

function SlackSettings() {
  const app = useSlackApp();
  if (app.isPending) return <LoadingState label="Loading the Slack app settings…" />;
  if (app.isError) {
    return <LoadError what="the Slack app settings" error={app.error} onRetry={() => void app.refetch()} />;
  }
  return <SlackAppCard app={app.data} />;
}

/** Status, the Request URL to paste into Slack, the form (both secrets every time) and removal. */
function SlackAppCard({ app }: { app: SlackApp }) {
  const save = useSaveSlackApp();
  const remove = useDeleteSlackApp();
  const { notify } = useToast();
  const [signingSecret, setSigningSecret] = useState('');
  const [botToken, setBotToken] = useState('');
  const [channel, setChannel] = useState(app.channel ?? '');
  const [confirming, setConfirming] = useState(false);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(save.error), ...localErrors };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!signingSecret.trim())
      found.signing_secret = 'Enter the signing secret (Basic Information → App Credentials).';
    if (!botToken.trim())
      found.bot_token = 'Enter the bot token (OAuth & Permissions), it starts with xoxb-.';
    if (!channel.trim()) found.channel = 'Enter the channel escalations are posted to, e.g. #escalations.';
    setLocalErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate(
      { signing_secret: signingSecret.trim(), bot_token: botToken.trim(), channel: channel.trim() },
      {
        onSuccess: (saved) => {
          setSigningSecret('');
          setBotToken('');
          notify(`Slack app saved: connected to ${saved.slack.team_name || saved.slack.team_id}.`);
        },
      },
    );
  };

  return (
    <Card
      title="Slack app"
      description="Escalations are posted by your Slack app's bot with a Claim button: a senior claims from Slack, and the message shows who took it. The signing secret and bot token are stored encrypted and never shown again."
      actions={
        app.configured && (
          <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>
            Remove
          </Button>
        )
      }
    >
      <div className="space-y-5">
        {app.configured ? (
          <Notice tone="success" title="Connected">
            Workspace {app.team_name || app.team_id} ({app.team_id}), posting to {app.channel} with the bot
            token {app.bot_token}.
          </Notice>
        ) : (
          <Notice tone="info" title="Not set up">
            Create a Slack app with the bot scopes chat:write, users:read and users:read.email, install it to
            your workspace and invite its bot to the channel. Seniors are matched to members by their Slack
            email.
          </Notice>
        )}
        <div className="space-y-1.5">
          <CopyField label="Interactivity Request URL" value={app.interactivity_url} />
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Paste this under Interactivity &amp; Shortcuts in your Slack app, with interactivity turned on.
          </p>
        </div>
        <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Slack app settings">
          {save.isError && (
            <Notice tone="error">{errorMessage(save.error, 'Could not save the Slack app.')}</Notice>
          )}
          <div className="grid gap-5 sm:grid-cols-2">
            <Input
              label="Signing secret"
              name="signing_secret"
              type="password"
              autoComplete="new-password"
              hint={app.configured ? 'Enter it again to change any setting.' : undefined}
              value={signingSecret}
              error={errors.signing_secret}
              onChange={(e) => setSigningSecret(e.target.value)}
            />
            <Input
              label="Bot token"
              name="bot_token"
              type="password"
              autoComplete="new-password"
              placeholder="xoxb-…"
              hint={
                app.configured
                  ? `Saved: ${app.bot_token ?? ''}. Enter it again to change any setting.`
                  : undefined
              }
              value={botToken}
              error={errors.bot_token}
              onChange={(e) => setBotToken(e.target.value)}
            />
            <Input
              label="Channel"
              name="channel"
              autoComplete="off"
              spellCheck={false}
              placeholder="#escalations or C0123ABCD"
              value={channel}
              error={errors.channel}
              onChange={(e) => setChannel(e.target.value)}
            />
          </div>
          <div className="flex justify-end border-t border-slate-200 pt-4 dark:border-slate-800">
            <Button type="submit" variant="primary" loading={save.isPending}>
              Save
            </Button>
          </div>
        </form>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Remove the Slack app?"
        confirmLabel="Remove Slack app"
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              notify('Slack app removed.');
              setConfirming(false);
            },
          })
        }
        onCancel={() => setConfirming(false)}
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
      >
        The bot stops posting escalations and Claim buttons in Slack stop working. Incoming-webhook channels
        are not affected.
      </ConfirmDialog>
    </Card>
  );
}
