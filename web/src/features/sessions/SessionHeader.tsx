import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { formatTimeAgo } from '../../lib/timeAgo';
import { BUILTIN_LABEL, ticketLabel } from './labels';
import { SessionActions } from './SessionActions';
import { PriorityBadge, StatusBadge, TierBadge } from './SessionBadges';
import { SessionEscalationSlot } from './SessionEscalationSlot';
import { TicketNotesButton } from './TicketNotesDialog';
import type { Schemas } from '../../api/client';

type SessionView = Schemas['SessionDetail'];

interface SessionHeaderProps {
  view: SessionView;
  canAct: boolean;
  onResolve: () => void;
}

export function SessionHeader({ view, canAct, onResolve }: SessionHeaderProps) {
  const { session, steps } = view;
  const latestAssistantStep = [...steps].reverse().find((step) => step.source === 'assistant');
  const fellBack = session.provider !== 'builtin' && latestAssistantStep?.content.fallback === true;
  const ticket = ticketLabel(session.ticket);
  const details: Array<[string, string | null]> = [
    ['Ticket', ticket],
    ['Client', session.client],
    ['Asset', session.asset],
    ['Domain', session.problem_domain || null],
    ['Owner', session.owner.name],
    ['Claimed by', session.escalated_to?.name ?? null],
  ];

  return (
    <header className="space-y-3">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/sessions" className="text-slate-600 hover:underline dark:text-slate-400">
          Sessions
        </Link>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-2">
          <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900 dark:text-slate-50">
            {session.problem_summary || session.problem}
          </h1>
          <div className="flex flex-wrap items-center gap-1.5">
            <StatusBadge status={session.status} />
            <PriorityBadge priority={session.priority} />
            <TierBadge tier={session.confidence_tier} confidence={session.confidence} />
            <span className="text-xs text-slate-600 dark:text-slate-400">
              {session.provider === 'builtin' ? BUILTIN_LABEL : `AI: ${session.provider}`}
              {fellBack && ' — fell back to built-in engine'}
            </span>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <SessionEscalationSlot session={session} canAct={canAct} />
          <TicketNotesButton sessionId={session.id} />
          {canAct && <SessionActions sessionId={session.id} status={session.status} onResolve={onResolve} />}
        </div>
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        {details
          .filter((entry): entry is [string, string] => Boolean(entry[1]))
          .map(([term, value]) => (
            <div key={term} className="flex gap-1.5">
              <dt className="text-slate-500 dark:text-slate-400">{term}</dt>
              <dd className="font-medium break-all text-slate-800 dark:text-slate-200">{value}</dd>
            </div>
          ))}
        <div className="flex gap-1.5">
          <dt className="text-slate-500 dark:text-slate-400">Updated</dt>
          <dd className="text-slate-800 dark:text-slate-200">
            <time dateTime={session.updated_at} title={formatDateTime(session.updated_at)}>
              {formatTimeAgo(session.updated_at)}
            </time>
          </dd>
        </div>
      </dl>
      {session.confidence_factors.length > 0 && (
        <details className="group rounded-md border border-slate-200 px-3 py-2 text-sm dark:border-slate-800">
          <summary className="cursor-pointer font-medium text-slate-800 dark:text-slate-200">
            Why this confidence
          </summary>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700 dark:text-slate-300">
            {session.confidence_factors.map((factor, index) => (
              <li key={index}>{factor}</li>
            ))}
          </ul>
        </details>
      )}
    </header>
  );
}
