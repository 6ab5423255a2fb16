import { useState } from 'react';
import type { Schemas } from '../../../api/client';
import { Badge } from '../../../components/ui/Badge';
import { Button } from '../../../components/ui/Button';
import { Card } from '../../../components/ui/Card';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { QueryList } from '../../../components/ui/QueryList';
import { Table, Td, Th } from '../../../components/ui/Table';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { formatTimeAgo } from '../../../lib/timeAgo';
import { useNow } from '../../../lib/useNow';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useRevokeOtherSignInSessions, useRevokeSignInSession, useSignInSessions } from './api';
import { deviceLabel } from './deviceLabel';

type SignInSession = Schemas['SignInSession'];

/**
 * Where the user is signed in (SPEC §16): each browser session with its device, when it started and
 * when it was last used. Revoking one signs that browser out at once, live updates included.
 */
export function SignInSessionsPage() {
  usePageTitle('Sign-in sessions');
  const now = useNow();
  const sessions = useSignInSessions();
  const revoke = useRevokeSignInSession();
  const revokeOthers = useRevokeOtherSignInSessions();
  const { notify } = useToast();
  const [revoking, setRevoking] = useState<SignInSession | null>(null);
  const [revokingOthers, setRevokingOthers] = useState(false);
  const others = sessions.data?.filter((s) => !s.current) ?? [];

  const confirmRevoke = () => {
    if (!revoking) return;
    revoke.mutate(revoking.id, {
      onSuccess: () => {
        notify(`Signed out ${deviceLabel(revoking.user_agent)}.`);
        setRevoking(null);
      },
    });
  };

  const confirmRevokeOthers = () =>
    revokeOthers.mutate(undefined, {
      onSuccess: () => {
        notify('Signed out all other sessions.');
        setRevokingOthers(false);
      },
    });

  return (
    <Card
      title="Sign-in sessions"
      description="Browsers where you are signed in. Sign out any you do not recognise."
      actions={
        <Button
          size="sm"
          disabled={others.length === 0}
          onClick={() => {
            revokeOthers.reset();
            setRevokingOthers(true);
          }}
        >
          Sign out all other sessions
        </Button>
      }
      flush
    >
      <QueryList query={sessions} what="sign-in sessions" loadingLabel="Loading sign-in sessions…" flush>
        {(items) => (
          <Table caption="Sign-in sessions">
            <thead>
              <tr>
                <Th>Device</Th>
                <Th className="hidden sm:table-cell">Signed in</Th>
                <Th>Last active</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <Td className="font-medium">
                    <span title={s.user_agent ?? undefined}>{deviceLabel(s.user_agent)}</span>
                    {s.current && (
                      <span className="ml-2">
                        <Badge tone="accent">This device</Badge>
                      </span>
                    )}
                  </Td>
                  <Td className="hidden text-slate-600 sm:table-cell dark:text-slate-400">
                    <time dateTime={s.created_at}>{formatTimeAgo(s.created_at, { now })}</time>
                  </Td>
                  <Td className="text-slate-600 dark:text-slate-400">
                    <time dateTime={s.last_seen_at}>{formatTimeAgo(s.last_seen_at, { now })}</time>
                  </Td>
                  <Td className="text-right">
                    {/* This browser signs out from the account menu; revoking it here would do the same, abruptly. */}
                    {!s.current && (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => {
                          revoke.reset();
                          setRevoking(s);
                        }}
                        aria-label={`Revoke session on ${deviceLabel(s.user_agent)}`}
                      >
                        Revoke
                      </Button>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryList>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke session?"
        confirmLabel="Revoke session"
        onConfirm={confirmRevoke}
        onCancel={() => setRevoking(null)}
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
      >
        <strong>{deviceLabel(revoking?.user_agent ?? null)}</strong> will be signed out immediately.
      </ConfirmDialog>
      <ConfirmDialog
        open={revokingOthers}
        title="Sign out all other sessions?"
        confirmLabel="Sign out others"
        onConfirm={confirmRevokeOthers}
        onCancel={() => setRevokingOthers(false)}
        pending={revokeOthers.isPending}
        error={revokeOthers.isError ? errorMessage(revokeOthers.error) : null}
      >
        Every browser but this one will be signed out immediately.
      </ConfirmDialog>
    </Card>
  );
}
