import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { Input } from '../../components/ui/Input';
import { Textarea } from '../../components/ui/Textarea';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { formatTimeAgo } from '../../lib/timeAgo';
import { useAddFact, useAddNote } from './api';
import type { Schemas } from '../../api/client';

type Fact = Schemas['Fact'];

interface FactsPanelProps {
  sessionId: string;
  facts: readonly Fact[];
  /** Whether the current user may add facts and notes right now. */
  canEdit: boolean;
}

/** "What we know": confirmed facts the assistant takes into account, plus adding facts and notes. */
export function FactsPanel({ sessionId, facts, canEdit }: FactsPanelProps) {
  return (
    <Card title="What we know" description="Facts the assistant takes into account.">
      <div className="space-y-5">
        {facts.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No facts yet.</p>
        ) : (
          <ul aria-label="Facts" className="space-y-2">
            {facts.map((fact) => (
              <li key={fact.id} className="rounded-md bg-slate-50 px-3 py-2 text-sm dark:bg-slate-800/60">
                <p className="break-words text-slate-800 dark:text-slate-200">{fact.text}</p>
                <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
                  {fact.created_by_name ?? 'Unknown'} ·{' '}
                  <time dateTime={fact.created_at} title={formatDateTime(fact.created_at)}>
                    {formatTimeAgo(fact.created_at)}
                  </time>
                </p>
              </li>
            ))}
          </ul>
        )}
        {canEdit && <AddFactForm sessionId={sessionId} />}
        {canEdit && <AddNoteForm sessionId={sessionId} />}
      </div>
    </Card>
  );
}

function AddFactForm({ sessionId }: { sessionId: string }) {
  const addFact = useAddFact(sessionId);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!text.trim()) return setError('Write the fact first.');
    setError(null);
    addFact.mutate(
      { text: text.trim() },
      { onSuccess: () => setText(''), onError: (e) => setError(errorMessage(e, 'Could not add the fact.')) },
    );
  };
  return (
    <InlineForm onSubmit={onSubmit} submitLabel="Add fact" pending={addFact.isPending}>
      <Input
        label="Add a fact"
        placeholder="e.g. Webmail works for the same user"
        value={text}
        error={error}
        maxLength={2000}
        onChange={(event) => setText(event.target.value)}
      />
    </InlineForm>
  );
}

function AddNoteForm({ sessionId }: { sessionId: string }) {
  const addNote = useAddNote(sessionId);
  const { notify } = useToast();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!text.trim()) return setError('Write the note first.');
    setError(null);
    addNote.mutate(text.trim(), {
      onSuccess: () => {
        setText('');
        notify('Note added to the timeline.');
      },
      onError: (e) => setError(errorMessage(e, 'Could not add the note.')),
    });
  };
  return (
    <InlineForm onSubmit={onSubmit} submitLabel="Add note" pending={addNote.isPending}>
      <Textarea
        label="Add a note"
        hint="Goes into the history and the ticket notes."
        rows={2}
        value={text}
        error={error}
        maxLength={5000}
        onChange={(event) => setText(event.target.value)}
      />
    </InlineForm>
  );
}

function InlineForm({
  onSubmit,
  submitLabel,
  pending,
  children,
}: {
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  pending: boolean;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-2 border-t border-slate-200 pt-4 dark:border-slate-800"
    >
      {children}
      <div className="flex justify-end">
        <Button type="submit" size="sm" loading={pending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
