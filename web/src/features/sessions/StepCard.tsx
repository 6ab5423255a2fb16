import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError, type Schemas } from '../../api/client';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Notice } from '../../components/ui/Notice';
import { Textarea } from '../../components/ui/Textarea';
import { errorMessage } from '../../lib/errors';
import { useAnswerStep } from './api';
import { CommandBlock } from './CommandBlock';
import { KIND_LABELS, OUTCOMES } from './labels';
import { LikelyCauses } from './LikelyCauses';
import { StepSources } from './StepSources';
import { UnsavedChangesGuard } from './UnsavedChangesGuard';
import { useNumberKeys } from './useNumberKeys';
import type { AnswerInput } from './types';

type Step = Schemas['Step'];

interface StepCardProps {
  sessionId: string;
  step: Step;
  onAnswered: () => void;
  /** The server said this step is no longer current (answered elsewhere); the view is being refetched. */
  onStale: (message: string) => void;
}

/** The step waiting for an answer. Render with `key={step.id}` so each step starts with a blank form. */
export function StepCard({ sessionId, step, onAnswered, onStale }: StepCardProps) {
  const headingId = useId();
  const answer = useAnswerStep(sessionId);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [hint, setHint] = useState<string | null>(null);
  const isAction = step.kind === 'action';
  const { content } = step;
  const likelyCauses = content.likely_causes ?? [];
  const choices = isAction
    ? OUTCOMES.map((o) => ({ label: o.label, value: o.value }))
    : (content.options ?? []).slice(0, 9);

  useEffect(() => inputRef.current?.focus(), []);

  const submit = (body: AnswerInput) => {
    if (answer.isPending) return;
    setHint(null);
    answer.mutate(
      { stepId: step.id, answer: body },
      {
        onSuccess: () => {
          setText('');
          onAnswered();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'STEP_NOT_CURRENT') onStale(error.message);
        },
      },
    );
  };

  const pick = (index: number) => {
    const choice = choices[index];
    if (!choice) return;
    if (!isAction) return submit({ option: choice.value });
    const note = text.trim();
    submit({ outcome: choice.value as (typeof OUTCOMES)[number]['value'], ...(note ? { note } : {}) });
  };
  useNumberKeys(choices.length, pick, !answer.isPending);

  const sendText = () => {
    if (isAction) return setHint('Choose an outcome: Worked, Failed, Partial or Not run.');
    if (!text.trim()) return setHint('Type an answer, pick an option or skip.');
    submit({ text: text.trim() });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    sendText();
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    sendText();
  };

  const showError =
    answer.isError && !(answer.error instanceof ApiError && answer.error.code === 'STEP_NOT_CURRENT');
  const pendingBody = answer.isPending ? answer.variables?.answer : undefined;

  return (
    <div className="space-y-3">
      <section
        aria-labelledby={headingId}
        className="rounded-lg border-2 border-accent-200 bg-white shadow-sm dark:border-accent-800 dark:bg-slate-900"
      >
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-3 sm:px-5 dark:border-slate-800">
          <h2 id={headingId} className="text-base font-semibold text-slate-900 dark:text-slate-50">
            Current step
          </h2>
          <Badge tone="accent">{KIND_LABELS[step.kind] ?? step.kind}</Badge>
        </header>
        <form onSubmit={onSubmit} noValidate className="space-y-4 px-4 py-4 sm:px-5">
          {content.no_match && (
            <Notice tone="info" title="No match in the built-in knowledge">
              Nothing the assistant knows matches this description yet, so it will not guess. Each answer
              below is added to what it searches with: the exact error text, a log line or the screen where it
              fails helps most.
            </Notice>
          )}
          {likelyCauses.length > 0 && (
            <LikelyCauses
              causes={likelyCauses}
              disabled={answer.isPending}
              pendingOption={pendingBody && 'option' in pendingBody ? pendingBody.option : undefined}
              onVerdict={(option) => submit({ option })}
            />
          )}
          {likelyCauses.length > 1 && step.kind !== 'resolution_suggestion' && (
            <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-100">
              The check that tells them apart
            </h3>
          )}
          <p className="text-lg font-medium break-words whitespace-pre-wrap text-slate-900 dark:text-slate-50">
            {content.text}
          </p>
          {isAction && content.command && <CommandBlock command={content.command} />}
          {isAction && content.expected_outcome && (
            <p className="text-sm text-slate-700 dark:text-slate-300">
              <span className="font-medium">Expected: </span>
              {content.expected_outcome}
            </p>
          )}
          {step.kind === 'resolution_suggestion' && <SuggestionDetails step={step} />}
          {choices.length > 0 && (
            <div role="group" aria-label={isAction ? 'Outcome' : 'Options'} className="flex flex-wrap gap-2">
              {choices.map((choice, index) => (
                <Button
                  key={choice.value}
                  aria-keyshortcuts={String(index + 1)}
                  disabled={answer.isPending}
                  loading={isPendingChoice(pendingBody, choice.value)}
                  onClick={() => pick(index)}
                  className="h-auto! min-h-10 max-w-full py-2 text-left whitespace-normal!"
                >
                  <kbd
                    aria-hidden="true"
                    className="rounded border border-slate-300 px-1.5 font-mono text-xs text-slate-500 dark:border-slate-600 dark:text-slate-400"
                  >
                    {index + 1}
                  </kbd>
                  {choice.label}
                </Button>
              ))}
            </div>
          )}
          <Textarea
            ref={inputRef}
            label={isAction ? 'Note (optional)' : 'Or answer in your own words'}
            hint={
              isAction
                ? 'Added to the outcome you choose. Keys 1–4 pick an outcome when you are not typing.'
                : 'Enter sends, Shift+Enter adds a line. Number keys pick an option when you are not typing.'
            }
            rows={2}
            maxLength={isAction ? 2000 : 5000}
            value={text}
            error={hint}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
          />
          {showError && (
            <Notice tone="error">{errorMessage(answer.error, 'Could not send the answer.')}</Notice>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <Button
              variant="ghost"
              loading={pendingBody !== undefined && 'skipped' in pendingBody}
              disabled={answer.isPending}
              onClick={() => submit({ skipped: true })}
            >
              Skip
            </Button>
            {!isAction && (
              <Button
                type="submit"
                variant="primary"
                disabled={answer.isPending}
                loading={pendingBody !== undefined && 'text' in pendingBody}
              >
                Send answer
              </Button>
            )}
          </div>
        </form>
      </section>
      <StepSources content={content} />
      <UnsavedChangesGuard when={text.trim().length > 0 && !answer.isPending} />
    </div>
  );
}

function isPendingChoice(body: AnswerInput | undefined, value: string): boolean {
  if (!body) return false;
  return ('option' in body && body.option === value) || ('outcome' in body && body.outcome === value);
}

function SuggestionDetails({ step }: { step: Step }) {
  const { text, verification = [] } = step.content;
  // The built-in engine already writes cause and fix into the step text; only repeat what is new.
  const cause = step.content.cause && !text.includes(step.content.cause) ? step.content.cause : undefined;
  const fix = step.content.fix && !text.includes(step.content.fix) ? step.content.fix : undefined;
  if (!cause && !fix && verification.length === 0) return null;
  return (
    <dl className="space-y-2 text-sm text-slate-700 dark:text-slate-300">
      {cause && (
        <div>
          <dt className="font-medium text-slate-900 dark:text-slate-100">Likely cause</dt>
          <dd>{cause}</dd>
        </div>
      )}
      {fix && (
        <div>
          <dt className="font-medium text-slate-900 dark:text-slate-100">Fix</dt>
          <dd>{fix}</dd>
        </div>
      )}
      {verification.length > 0 && (
        <div>
          <dt className="font-medium text-slate-900 dark:text-slate-100">How to verify</dt>
          <dd>
            <ul className="list-disc pl-5">
              {verification.map((item, index) => (
                <li key={index}>{item}</li>
              ))}
            </ul>
          </dd>
        </div>
      )}
    </dl>
  );
}
