import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../../api/client';
import { Button } from '../../../components/ui/Button';
import { buttonClasses } from '../../../components/ui/buttonStyles';
import { Notice } from '../../../components/ui/Notice';
import { PageHeader } from '../../../components/ui/PageHeader';
import { useToast } from '../../../components/ui/Toast';
import { errorMessage } from '../../../lib/errors';
import { UnsavedChangesGuard } from '../../sessions/UnsavedChangesGuard';
import { RUNBOOK_SCHEMA_URL, useCreateRunbook, useUpdateRunbook } from './api';
import type { RunbookDraft } from './draft';
import { IssueSummary } from './editor/IssueSummary';
import { IssuesContext } from './editor/issuesContext';
import { RunbookForm } from './editor/RunbookForm';
import { checkDraft, IssueIndex, serverIssues, type RunbookIssue } from './issues';
import { KnowledgeTabs } from './KnowledgeTabs';
import { TestRunPanel } from './TestRunPanel';

interface RunbookEditorProps {
  mode: 'new' | 'edit';
  initial: RunbookDraft;
  /** File name when the draft came from an import: it is unsaved work from the first moment. */
  importedFrom?: string;
}

/** Problems the server found, tied to the draft they were about so they vanish at the next edit. */
type ServerVerdict = { draft: RunbookDraft; issues: RunbookIssue[] } | null;

export function RunbookEditor({ mode, initial, importedFrom }: RunbookEditorProps) {
  const navigate = useNavigate();
  const { notify } = useToast();
  const [draft, setDraft] = useState(initial);
  const [attempted, setAttempted] = useState(false);
  const [saved, setSaved] = useState(false);
  const [server, setServer] = useState<ServerVerdict>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const create = useCreateRunbook();
  const update = useUpdateRunbook(initial.id);
  const saving = create.isPending || update.isPending;

  const check = useMemo(() => checkDraft(draft), [draft]);
  const issues = useMemo(() => {
    const own = check.ok ? [] : check.issues;
    const theirs = server?.draft === draft ? server.issues : [];
    const seen = new Set(own.map((i) => `${i.path}\u0000${i.message}`));
    return [...own, ...theirs.filter((i) => !seen.has(`${i.path}\u0000${i.message}`))];
  }, [check, server, draft]);
  // A blank new form stays quiet until the first save; loaded or imported work is checked at once.
  const visible = mode === 'edit' || Boolean(importedFrom) || attempted;
  const context = useMemo(() => ({ index: new IssueIndex(issues), visible }), [issues, visible]);
  const dirty = !saved && (Boolean(importedFrom) || JSON.stringify(draft) !== JSON.stringify(initial));

  const refuse = (found: RunbookIssue[]) => {
    setServer({ draft, issues: found });
    // Wait for the summary to render before moving focus into it.
    requestAnimationFrame(() => summary.current?.focus());
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    setFailure(null);
    if (!check.ok) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    const options = {
      onSuccess: ({ runbook }: { runbook: { id: string; title: string } }) => {
        setSaved(true);
        notify(mode === 'new' ? `Runbook “${runbook.title}” created.` : 'Runbook saved.');
        navigate(`/knowledge/runbooks/${encodeURIComponent(runbook.id)}`);
      },
      onError: (error: unknown) => {
        const found = serverIssues(error);
        if (error instanceof ApiError && error.code === 'RUNBOOK_EXISTS')
          refuse([{ path: 'id', message: error.message || 'A runbook with this id already exists.' }]);
        else if (found.length) refuse(found);
        else setFailure(errorMessage(error));
      },
    };
    if (mode === 'new') create.mutate(check.runbook, options);
    else update.mutate(check.runbook, options);
  };

  const title = mode === 'new' ? 'New runbook' : `Edit ${initial.title || initial.id}`;
  const cancelTo =
    mode === 'new' ? '/knowledge/runbooks' : `/knowledge/runbooks/${encodeURIComponent(initial.id)}`;

  return (
    <form onSubmit={onSubmit} noValidate aria-label={title}>
      <PageHeader
        title={title}
        description={
          <>
            Checked against the same schema the server uses.{' '}
            <a
              href={RUNBOOK_SCHEMA_URL}
              className="font-medium text-accent-700 underline dark:text-accent-300"
            >
              JSON Schema
            </a>
          </>
        }
        actions={
          <>
            <Link to={cancelTo} className={buttonClasses('secondary')}>
              Cancel
            </Link>
            <Button type="submit" variant="primary" loading={saving}>
              {mode === 'new' ? 'Create runbook' : 'Save runbook'}
            </Button>
          </>
        }
      />
      <KnowledgeTabs />
      <div className="mb-6 space-y-4">
        {importedFrom && (
          <Notice tone="info">
            Imported from <strong>{importedFrom}</strong>. Nothing is saved yet: fix anything marked below,
            then create the runbook.
          </Notice>
        )}
        {failure && (
          <Notice tone="error" title="Could not save">
            {failure}
          </Notice>
        )}
        {visible && <IssueSummary ref={summary} issues={issues} />}
      </div>
      <IssuesContext.Provider value={context}>
        <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <RunbookForm draft={draft} setDraft={setDraft} idLocked={mode === 'edit'} />
          <div className="lg:sticky lg:top-4 lg:self-start">
            <TestRunPanel draft={draft} />
          </div>
        </div>
      </IssuesContext.Provider>
      <UnsavedChangesGuard when={dirty} message="This runbook has unsaved changes. Leave and lose them?" />
    </form>
  );
}
