import { useState } from 'react';
import type { Schemas } from '../../../api/client';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { QueryList } from '../../../components/ui/QueryList';
import { Table, Td, Th } from '../../../components/ui/Table';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { formatDate, formatDateTime } from '../../../lib/format';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useDeleteToken, useTokens } from '../api';
import { CreateTokenDialog } from './CreateTokenDialog';

type ApiToken = Schemas['ApiToken'];

export function TokensPage() {
  usePageTitle('API tokens');
  const tokens = useTokens();
  const remove = useDeleteToken();
  const { notify } = useToast();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<ApiToken | null>(null);

  const confirmDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notify(`Token “${deleting.name}” deleted.`);
        setDeleting(null);
      },
    });
  };

  return (
    <Card
      title="Personal API tokens"
      description="Let scripts and integrations call the ResolutionFlow API as you. Treat them like passwords."
      actions={
        <Button variant="primary" size="sm" onClick={() => setCreating(true)}>
          Create token
        </Button>
      }
      flush
    >
      <QueryList
        query={tokens}
        what="tokens"
        loadingLabel="Loading tokens…"
        flush
        empty="You have no API tokens. Create one when an integration needs to act on your behalf."
      >
        {(items) => (
          <Table caption="API tokens">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th className="hidden sm:table-cell">Created</Th>
                <Th>Last used</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {items.map((token) => (
                <tr key={token.id}>
                  <Td className="font-medium break-all">{token.name}</Td>
                  <Td className="hidden text-slate-600 sm:table-cell dark:text-slate-400">
                    {formatDate(token.created_at)}
                  </Td>
                  <Td className="text-slate-600 dark:text-slate-400">{formatDateTime(token.last_used_at)}</Td>
                  <Td className="text-right">
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => {
                        remove.reset();
                        setDeleting(token);
                      }}
                      aria-label={`Delete token ${token.name}`}
                    >
                      Delete
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryList>
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete token?"
        confirmLabel="Delete token"
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
      >
        Anything using <strong>{deleting?.name}</strong> will stop working immediately. This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}
