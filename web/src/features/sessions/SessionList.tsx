import { Link } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { formatTimeAgo } from '../../lib/timeAgo';
import { ticketLabel } from './labels';
import { PriorityBadge, StatusBadge, TierBadge } from './SessionBadges';
import type { Schemas } from '../../api/client';

type SessionRecord = Schemas['Session'];

/** Sessions as a list of rows that each link to the session; reads well from phone to desktop. */
export function SessionList({ sessions, label }: { sessions: readonly SessionRecord[]; label: string }) {
  return (
    <ul
      aria-label={label}
      className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
    >
      {sessions.map((session) => (
        <SessionRow key={session.id} session={session} />
      ))}
    </ul>
  );
}

function SessionRow({ session }: { session: SessionRecord }) {
  const ticket = ticketLabel(session.ticket);
  return (
    <li className="relative px-4 py-3 hover:bg-slate-50 focus-within:bg-slate-50 sm:px-5 dark:hover:bg-slate-800/60 dark:focus-within:bg-slate-800/60">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
        <Link
          to={`/sessions/${encodeURIComponent(session.id)}`}
          className="min-w-0 font-medium text-slate-900 after:absolute after:inset-0 hover:underline dark:text-slate-50"
        >
          {session.problem_summary || session.problem}
        </Link>
        <div className="flex shrink-0 flex-wrap items-center gap-1.5">
          <StatusBadge status={session.status} />
          <TierBadge tier={session.confidence_tier} />
          <PriorityBadge priority={session.priority} />
        </div>
      </div>
      <p className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-sm text-slate-600 dark:text-slate-400">
        {ticket && <span>Ticket {ticket}</span>}
        {session.client && <span>{session.client}</span>}
        <span>{session.owner.name}</span>
        <span>
          Updated{' '}
          <time dateTime={session.updated_at} title={formatDateTime(session.updated_at)}>
            {formatTimeAgo(session.updated_at)}
          </time>
        </span>
      </p>
    </li>
  );
}
