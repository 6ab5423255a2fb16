import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { LoadError } from '../../components/ui/LoadError';
import { LoadingState } from '../../components/ui/Spinner';
import { Table, Td, Th } from '../../components/ui/Table';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useBaselines, useDeleteBaseline } from './api';
import { formatDuration } from './format';
import type { Schemas } from '../../api/client';

type Baseline = Schemas['BaselineMeasurement'];

/** The team's baseline (count and median) and the signed-in person's own timings, which they may delete. */
export function MeasurementsCard() {
  const baselines = useBaselines();
  const remove = useDeleteBaseline();
  const { notify } = useToast();
  const [deleting, setDeleting] = useState<Baseline | null>(null);

  const confirmDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notify('Measurement deleted.');
        setDeleting(null);
      },
    });
  };

  const account = baselines.data?.account;
  return (
    <Card title="Measurements" flush>
      {baselines.isPending && <LoadingState label="Loading measurements…" />}
      {baselines.isError && (
        <div className="p-4 sm:p-5">
          <LoadError what="measurements" error={baselines.error} onRetry={() => void baselines.refetch()} />
        </div>
      )}
      {baselines.isSuccess && account && (
        <>
          <dl className="grid grid-cols-2 gap-3 border-b border-slate-200 px-4 py-4 sm:px-5 dark:border-slate-800">
            <div>
              <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">Team timings</dt>
              <dd className="text-2xl font-semibold text-slate-900 tabular-nums dark:text-slate-50">
                {account.n}
              </dd>
            </div>
            <div>
              <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">Team median</dt>
              <dd className="text-2xl font-semibold text-slate-900 tabular-nums dark:text-slate-50">
                {formatDuration(account.median)}
              </dd>
            </div>
          </dl>
          <h3 className="px-4 pt-4 text-sm font-semibold text-slate-900 sm:px-5 dark:text-slate-50">
            My measurements
          </h3>
          {baselines.data.items.length === 0 ? (
            <p className="px-4 py-4 text-sm text-slate-600 sm:px-5 dark:text-slate-400">
              You have not timed a handoff yet. Your saved timings appear here.
            </p>
          ) : (
            <div className="mt-2">
              <Table caption="My measurements">
                <thead>
                  <tr>
                    <Th>Time</Th>
                    <Th>Note</Th>
                    <Th>
                      <span className="sr-only">Actions</span>
                    </Th>
                  </tr>
                </thead>
                <tbody>
                  {baselines.data.items.map((item) => (
                    <tr key={item.id}>
                      <Td className="whitespace-nowrap">
                        <span className="block font-medium tabular-nums">{formatDuration(item.seconds)}</span>
                        <span className="block text-xs text-slate-600 dark:text-slate-400">
                          {formatDateTime(item.measured_at)}
                        </span>
                      </Td>
                      <Td className="w-full min-w-32 break-words text-slate-700 dark:text-slate-300">
                        {item.note ?? (
                          <>
                            <span aria-hidden="true">—</span>
                            <span className="sr-only">No note</span>
                          </>
                        )}
                      </Td>
                      <Td className="text-right">
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => {
                            remove.reset();
                            setDeleting(item);
                          }}
                          aria-label={`Delete measurement of ${formatDuration(item.seconds)} from ${formatDateTime(item.measured_at)}`}
                        >
                          Delete
                        </Button>
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
        </>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete measurement?"
        confirmLabel="Delete measurement"
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
      >
        The timing of <strong>{formatDuration(deleting?.seconds)}</strong> will no longer count towards your
        team’s baseline. This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}
