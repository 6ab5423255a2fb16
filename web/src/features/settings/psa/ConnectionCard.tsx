import { useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { Notice } from '../../../components/ui/Notice';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { formatTimeAgo } from '../../../lib/timeAgo';
import { psaLabel, useDeletePsaConnection, useTestPsaConnection, type PsaConnection } from './api';
import { ConnectionForm } from './ConnectionForm';

const TITLES = { connectwise: 'ConnectWise Manage', halopsa: 'HaloPSA', autotask: 'Autotask' } as const;

/** The PSA connection: its form, "Test connection" with the last outcome, and removal. */
export function ConnectionCard({ connection }: { connection: PsaConnection | null }) {
  const label = psaLabel(connection?.provider);
  const test = useTestPsaConnection();
  const remove = useDeletePsaConnection();
  const { notify } = useToast();
  const [confirming, setConfirming] = useState(false);

  const onTest = () =>
    test.mutate(undefined, {
      onSuccess: (result) =>
        notify(
          result.ok ? `${label} accepted the credentials.` : `${label} did not accept the connection.`,
          result.ok ? 'success' : 'error',
        ),
    });

  return (
    <Card
      title={connection ? TITLES[connection.provider] : 'PSA connection'}
      description="Escalation and resolution notes, status changes and time entries are written to the ticket linked to a session. Keys and secrets are stored encrypted and never shown again."
      actions={
        connection && (
          <>
            <Button size="sm" onClick={onTest} loading={test.isPending}>
              Test connection
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>
              Remove
            </Button>
          </>
        )
      }
    >
      {connection && (
        <TestOutcome connection={connection} error={test.isError ? errorMessage(test.error) : null} />
      )}
      <ConnectionForm
        // A fresh form after the connection appears or goes, so the fields show the saved values.
        key={connection ? `saved-${connection.provider}` : 'new'}
        connection={connection}
      />
      <ConfirmDialog
        open={confirming}
        title="Remove the PSA connection?"
        confirmLabel="Remove connection"
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              notify('PSA connection removed.');
              setConfirming(false);
            },
          })
        }
        onCancel={() => setConfirming(false)}
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
      >
        Nothing more is written to tickets, member links are forgotten, and ticket updates still waiting to be
        sent are dropped. Sessions keep their ticket numbers.
      </ConfirmDialog>
    </Card>
  );
}

function TestOutcome({ connection, error }: { connection: PsaConnection; error: string | null }) {
  if (error)
    return (
      <Notice tone="error" className="mb-5">
        {error}
      </Notice>
    );
  const last = connection.last_test;
  if (!last) {
    return (
      <Notice className="mb-5">
        Not tested with these credentials yet. Use <strong>Test connection</strong> to check them.
      </Notice>
    );
  }
  const when = (
    <time dateTime={last.at} title={formatDateTime(last.at)}>
      {formatTimeAgo(last.at)}
    </time>
  );
  return last.ok ? (
    <Notice tone="success" className="mb-5">
      Connected — last tested {when}.
    </Notice>
  ) : (
    <Notice tone="warning" title="The last test failed" className="mb-5">
      {last.error} (tested {when})
    </Notice>
  );
}
