import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button } from '../../../components/ui/Button';
import { buttonClasses } from '../../../components/ui/buttonStyles';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { fetchRunbookYaml, useDeleteRunbook, useForkRunbook, type RunbookRecord } from './api';
import { downloadText } from './download';

const editPath = (id: string) => `/knowledge/runbooks/${encodeURIComponent(id)}/edit`;

/** Writers change the account's own runbooks and fork shipped ones; everyone may export. */
export function RunbookActions({ record, writer }: { record: RunbookRecord; writer: boolean }) {
  const { runbook, origin } = record;
  const navigate = useNavigate();
  const { notify } = useToast();
  const fork = useForkRunbook();
  const remove = useDeleteRunbook();
  const [confirming, setConfirming] = useState(false);
  const [exporting, setExporting] = useState(false);

  const startFork = () =>
    fork.mutate(runbook.id, {
      onSuccess: ({ runbook: copy }) => {
        notify('Forked: your team now uses this copy instead of the shipped runbook.');
        navigate(editPath(copy.id));
      },
      onError: (error) => notify(errorMessage(error), 'error'),
    });

  const confirmDelete = () =>
    remove.mutate(runbook.id, {
      onSuccess: () => {
        notify(
          record.forked_from
            ? `Your copy of “${runbook.title}” was deleted; the shipped runbook applies again.`
            : `Runbook “${runbook.title}” deleted.`,
        );
        navigate('/knowledge/runbooks');
      },
    });

  const exportYaml = async () => {
    setExporting(true);
    try {
      downloadText(`${runbook.id}.yaml`, await fetchRunbookYaml(runbook.id), 'text/yaml');
    } catch (error) {
      notify(errorMessage(error), 'error');
    } finally {
      setExporting(false);
    }
  };
  // The JSON export is the document itself, exactly as the API and the schema define it.
  const exportJson = () =>
    downloadText(`${runbook.id}.json`, `${JSON.stringify(runbook, null, 2)}\n`, 'application/json');

  return (
    <div role="group" aria-label="Runbook actions" className="flex flex-wrap items-center gap-2">
      <Button size="sm" onClick={() => void exportYaml()} loading={exporting}>
        Export YAML
      </Button>
      <Button size="sm" onClick={exportJson}>
        Export JSON
      </Button>
      {writer && origin === 'shipped' && (
        <Button size="sm" variant="primary" onClick={startFork} loading={fork.isPending}>
          Fork
        </Button>
      )}
      {writer && origin === 'account' && (
        <>
          <Link to={editPath(runbook.id)} className={buttonClasses('primary', 'sm')}>
            Edit
          </Link>
          <Button
            size="sm"
            variant="danger"
            onClick={() => {
              remove.reset();
              setConfirming(true);
            }}
          >
            Delete
          </Button>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title="Delete runbook?"
        confirmLabel="Delete runbook"
        onConfirm={confirmDelete}
        onCancel={() => setConfirming(false)}
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
      >
        {record.forked_from ? (
          <>
            Your team’s copy of <strong>{runbook.title}</strong> is deleted and the assistant goes back to the
            shipped version.
          </>
        ) : (
          <>
            <strong>{runbook.title}</strong> is deleted and the assistant stops using it at once. This cannot
            be undone; export it first if you may want it back.
          </>
        )}
      </ConfirmDialog>
    </div>
  );
}
