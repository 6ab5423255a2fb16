import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { CheckIcon, CopyIcon } from '../../components/ui/icons';
import { LoadError } from '../../components/ui/LoadError';
import { useCopyToClipboard } from '../../lib/useCopyToClipboard';
import { LoadingState } from '../../components/ui/Spinner';
import { useTicketNotes } from './api';

/** "Ticket notes" button plus the dialog with the Markdown to paste into the PSA ticket. */
export function TicketNotesButton({ sessionId }: { sessionId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Ticket notes</Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Ticket notes"
        description="Markdown generated from this session, ready to paste into the PSA ticket."
        footer={<Button onClick={() => setOpen(false)}>Close</Button>}
      >
        {open && <TicketNotes sessionId={sessionId} />}
      </Dialog>
    </>
  );
}

function TicketNotes({ sessionId }: { sessionId: string }) {
  const notes = useTicketNotes(sessionId, true);
  const { state: copy, copy: copyText } = useCopyToClipboard();

  if (notes.isPending) return <LoadingState label="Generating notes…" />;
  if (notes.isError)
    return <LoadError what="ticket notes" error={notes.error} onRetry={() => void notes.refetch()} />;

  const onCopy = () => void copyText(notes.data);

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <p role="status" className="min-h-5 text-sm text-slate-600 dark:text-slate-400">
          {copy === 'copied' && 'Copied to clipboard.'}
          {copy === 'failed' && 'Could not copy automatically; select the text and press Ctrl+C (⌘C).'}
        </p>
        <Button size="sm" onClick={onCopy} aria-label="Copy ticket notes">
          {copy === 'copied' ? <CheckIcon className="size-4" /> : <CopyIcon className="size-4" />}
          <span aria-hidden="true">{copy === 'copied' ? 'Copied' : 'Copy'}</span>
        </Button>
      </div>
      <pre
        tabIndex={0}
        aria-label="Ticket notes (Markdown)"
        className="max-h-[55vh] overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200 dark:bg-slate-950 dark:text-slate-200 dark:ring-slate-800"
      >
        {notes.data}
      </pre>
    </div>
  );
}
