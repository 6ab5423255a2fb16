import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { Textarea } from '../../components/ui/Textarea';
import { useToast } from '../../components/ui/Toast';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { MarkdownField } from './MarkdownField';
import { useApproveProposal } from './proposalsApi';
import type { ApproveInput, Proposal } from './types';

interface ApproveProposalDialogProps {
  proposal: Proposal | null;
  onClose: () => void;
}

export function ApproveProposalDialog({ proposal, onClose }: ApproveProposalDialogProps) {
  return (
    <Dialog
      open={proposal !== null}
      onClose={onClose}
      size="lg"
      title="Approve proposal"
      description="Edit the draft if needed. Once approved it is knowledge the assistant uses at once."
    >
      {proposal && <ApproveForm key={proposal.id} proposal={proposal} onCancel={onClose} />}
    </Dialog>
  );
}

/** `[{path, message}]` from a refused runbook, as readable lines. */
function runbookProblems(error: unknown): string[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as { path?: unknown; message?: unknown }[])
    .filter((d) => typeof d?.message === 'string')
    .map((d) => (d.path ? `${String(d.path)}: ${String(d.message)}` : String(d.message)));
}

function ApproveForm({ proposal, onCancel }: { proposal: Proposal; onCancel: () => void }) {
  const navigate = useNavigate();
  const { notify } = useToast();
  const approve = useApproveProposal();
  const isRunbook = proposal.kind === 'runbook';
  const originalJson = JSON.stringify(proposal.runbook ?? {}, null, 2);
  const [title, setTitle] = useState(proposal.title);
  const [body, setBody] = useState(proposal.body ?? '');
  const [runbookText, setRunbookText] = useState(originalJson);
  const [localError, setLocalError] = useState<string | null>(null);

  const serverErrors = fieldErrors(approve.error);
  const problems = isRunbook ? runbookProblems(approve.error) : [];

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setLocalError(null);
    // Only edits are sent: an untouched draft is approved exactly as proposed.
    const input: ApproveInput = {};
    if (isRunbook) {
      if (runbookText !== originalJson) {
        try {
          input.runbook = JSON.parse(runbookText);
        } catch {
          setLocalError('This is not valid JSON. Check for a missing comma, quote or bracket.');
          return;
        }
      }
    } else {
      if (!title.trim()) return setLocalError('Give the article a title.');
      if (!body.trim()) return setLocalError('The article needs a text.');
      if (title.trim() !== proposal.title) input.title = title.trim();
      if (body !== (proposal.body ?? '')) input.body = body;
    }
    approve.mutate(
      { id: proposal.id, input },
      {
        onSuccess: (result) => {
          if (result.article) {
            notify(`Approved: “${result.article.title}” is now an article.`);
            navigate(`/knowledge/articles/${encodeURIComponent(result.article.id)}`);
            return;
          }
          const id = result.runbook?.id ?? result.proposal?.result?.id;
          notify(`Approved: “${result.runbook?.title ?? proposal.title}” is now a runbook.`);
          navigate(id ? `/knowledge/runbooks/${encodeURIComponent(id)}` : '/knowledge/runbooks');
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {approve.isError && (
        <Notice tone="error" title="Could not approve the proposal">
          <p>{errorMessage(approve.error)}</p>
          {problems.length > 0 && (
            <ul className="mt-2 list-disc pl-5 font-mono text-xs">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      {isRunbook ? (
        <Textarea
          label="Runbook (JSON)"
          rows={18}
          spellCheck={false}
          className="font-mono text-xs"
          hint="The runbook format is published at /api/v1/knowledge/schema/runbook.json."
          value={runbookText}
          error={localError}
          onChange={(event) => setRunbookText(event.target.value)}
        />
      ) : (
        <>
          {localError && <Notice tone="error">{localError}</Notice>}
          <Input
            label="Title"
            required
            maxLength={300}
            value={title}
            error={serverErrors.title}
            onChange={(event) => setTitle(event.target.value)}
          />
          <MarkdownField label="Text" rows={12} value={body} error={serverErrors.body} onChange={setBody} />
        </>
      )}
      <div className="flex flex-col-reverse gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:justify-end dark:border-slate-800">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" loading={approve.isPending}>
          {isRunbook ? 'Approve runbook' : 'Approve article'}
        </Button>
      </div>
    </form>
  );
}
