import { useId, type ReactNode } from 'react';
import { formatDateTime } from '../../lib/format';
import { formatTimeAgo } from '../../lib/timeAgo';
import { ticketLabel } from '../sessions/labels';
import { OutcomeBadge } from '../sessions/SessionBadges';
import { HandoffPriorityBadge } from './HandoffBadges';
import type { SnapshotStep } from '../../../../shared/handoffs';
import type { Schemas } from '../../api/client';
import { pagedSummary } from './PagedText';

type Handoff = Schemas['Handoff'];

/** A titled section of the handoff context screen; its heading names it for assistive technology. */
export function ContextSection({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      className="space-y-3 border-t border-slate-200 pt-4 first:border-0 first:pt-0 dark:border-slate-800"
    >
      <h3
        id={id}
        className="text-sm font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400"
      >
        {title}
      </h3>
      {children}
    </section>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{term}</dt>
      <dd className="text-sm font-medium break-words text-slate-800 dark:text-slate-200">{children}</dd>
    </div>
  );
}

/** (1) What the problem is, for whom, how urgent, and who handed it over when. */
export function ProblemSection({ handoff, now, meId }: { handoff: Handoff; now: number; meId: string }) {
  const { snapshot } = handoff;
  const ticket = ticketLabel(snapshot.ticket);
  const summary = snapshot.problem_summary || snapshot.problem;
  return (
    <ContextSection title="Problem">
      <p className="text-lg font-semibold break-words text-slate-900 dark:text-slate-50">{summary}</p>
      {snapshot.problem && snapshot.problem !== summary && (
        <p className="text-sm break-words whitespace-pre-wrap text-slate-700 dark:text-slate-300">
          {snapshot.problem}
        </p>
      )}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3">
        <Detail term="Priority">
          <HandoffPriorityBadge priority={handoff.priority} />
        </Detail>
        <Detail term="Domain">{snapshot.problem_domain || 'Not classified'}</Detail>
        {ticket && <Detail term="Ticket">{ticket}</Detail>}
        {snapshot.client && <Detail term="Client">{snapshot.client}</Detail>}
        {snapshot.asset && <Detail term="Asset">{snapshot.asset}</Detail>}
        <Detail term="Escalated by">
          {handoff.handed_off_by.name},{' '}
          <time dateTime={handoff.created_at} title={formatDateTime(handoff.created_at)}>
            {formatTimeAgo(handoff.created_at, { now, style: 'precise', empty: 'just now' })}
          </time>
        </Detail>
        {snapshot.time_spent_hours > 0 && <Detail term="Time spent">{snapshot.time_spent_hours} h</Detail>}
        {handoff.claimed_by && <Detail term="Claimed by">{handoff.claimed_by.name}</Detail>}
        {handoff.target_user_id === meId && !handoff.claimed_by && <Detail term="Asked for">You</Detail>}
        {!handoff.claimed_by && pagedSummary(handoff.paged) && (
          <Detail term="Paged">{pagedSummary(handoff.paged)}</Detail>
        )}
      </dl>
    </ContextSection>
  );
}

/** Steps that were actually worked: answered, given an outcome, or notes someone wrote. */
function workedSteps(steps: readonly SnapshotStep[]): SnapshotStep[] {
  return steps.filter((step) => step.answer !== null || step.outcome !== null || step.kind === 'note');
}

/** (2) The steps with their outcomes, the facts, and the escalator's own notes. */
export function TriedSection({ handoff }: { handoff: Handoff }) {
  const { snapshot } = handoff;
  const steps = workedSteps(snapshot.steps ?? []);
  const facts = snapshot.facts ?? [];
  const notes = handoff.engineer_notes || snapshot.engineer_notes;
  return (
    <ContextSection title="What has been tried">
      {steps.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No steps were worked before the escalation.
        </p>
      ) : (
        <ol aria-label="Steps tried" className="space-y-2">
          {steps.map((step) => (
            <li key={step.order} className="rounded-md bg-slate-50 px-3 py-2 text-sm dark:bg-slate-800/60">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <p className="min-w-0 font-medium break-words text-slate-900 dark:text-slate-100">
                  {step.text}
                </p>
                {step.outcome && <OutcomeBadge outcome={step.outcome} />}
              </div>
              {step.command && (
                <code className="mt-1 block font-mono text-xs break-all text-slate-700 dark:text-slate-300">
                  {step.command}
                </code>
              )}
              {step.answer && (
                <p className="mt-1 text-slate-700 dark:text-slate-300">
                  <span className="text-slate-500 dark:text-slate-400">Answer: </span>
                  {step.answer}
                </p>
              )}
              {step.note && (
                <p className="mt-1 text-slate-700 dark:text-slate-300">
                  <span className="text-slate-500 dark:text-slate-400">Note: </span>
                  {step.note}
                </p>
              )}
              {step.actor_name && (
                <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{step.actor_name}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      <div>
        <h4 className="text-sm font-medium text-slate-900 dark:text-slate-100">Facts</h4>
        {facts.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No facts were recorded.</p>
        ) : (
          <ul
            aria-label="Facts"
            className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300"
          >
            {facts.map((fact, index) => (
              <li key={index}>{fact}</li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h4 className="text-sm font-medium text-slate-900 dark:text-slate-100">
          Notes from {handoff.handed_off_by.name}
        </h4>
        {notes ? (
          <blockquote className="mt-1 border-l-4 border-accent-300 pl-3 text-sm break-words whitespace-pre-wrap text-slate-800 dark:border-accent-700 dark:text-slate-200">
            {notes}
          </blockquote>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">No notes were left.</p>
        )}
      </div>
    </ContextSection>
  );
}
