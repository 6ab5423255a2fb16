import { useId, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { useSession } from '../auth/AuthContext';
import { useAddNote } from '../sessions/api';
import type { Schemas } from '../../api/client';
import { useHandoffUi } from './SessionHandoffProvider';

type SessionRecord = Schemas['Session'];
type Step = Schemas['Step'];

/** The note a chip adds to the timeline (and how a chip knows it was already used). */
export const tryingNote = (suggestion: string) => `Trying: ${suggestion}`;

/**
 * For the engineer who claimed the session: the assessment's suggested steps as one-click chips above
 * the step card. A click records "Trying: …" as a note step (POST /sessions/:id/steps), which is also
 * the claimer's first action; chips already logged that way are not offered again.
 */
export function SuggestedStepChips({ session, steps }: { session: SessionRecord; steps: readonly Step[] }) {
  const { user } = useSession();
  const ui = useHandoffUi();
  const addNote = useAddNote(session.id);
  const { notify } = useToast();
  const headingId = useId();
  const [sending, setSending] = useState<string | null>(null);
  const assessment = ui?.handoff?.assessment_status === 'ready' ? ui.handoff.assessment : null;
  const mine = session.status === 'escalated' && session.escalated_to_id === user.id;
  if (!mine || !assessment) return null;

  const logged = new Set(
    steps.filter((step) => step.kind === 'note').map((step) => step.content.text.trim()),
  );
  const open = (assessment.suggested_steps ?? []).filter(
    (s) => s.trim() && !logged.has(tryingNote(s).trim()),
  );
  if (open.length === 0) return null;

  const pick = (suggestion: string) => {
    if (addNote.isPending) return;
    setSending(suggestion);
    addNote.mutate(tryingNote(suggestion), {
      onSuccess: () => notify(`Added to the timeline: ${tryingNote(suggestion)}`),
      onError: (error) => notify(errorMessage(error, 'Could not add the note.'), 'error'),
      onSettled: () => setSending(null),
    });
  };

  return (
    <section
      aria-labelledby={headingId}
      className="rounded-lg border border-accent-200 bg-accent-50/60 px-4 py-3 sm:px-5 dark:border-accent-900 dark:bg-accent-950/40"
    >
      <h2 id={headingId} className="text-sm font-semibold text-slate-900 dark:text-slate-50">
        Suggested next steps
      </h2>
      <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
        From the assessment. Pick one to note in the timeline that you are trying it.
      </p>
      <ul className="mt-3 flex flex-wrap gap-2">
        {open.map((suggestion) => (
          <li key={suggestion} className="max-w-full">
            <Button
              size="sm"
              loading={sending === suggestion}
              disabled={addNote.isPending}
              title={suggestion}
              onClick={() => pick(suggestion)}
              className="h-auto! min-h-8 max-w-full rounded-full! py-1.5 text-left whitespace-normal!"
            >
              <span className="line-clamp-2">{suggestion}</span>
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
