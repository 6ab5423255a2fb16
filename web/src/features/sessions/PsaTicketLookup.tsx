import { Button } from '../../components/ui/Button';
import { Notice } from '../../components/ui/Notice';
import { errorMessage } from '../../lib/errors';
import { psaLabel, usePsaStatus, useTicketLookup, type PsaTicket } from '../settings/psa/api';

const TICKET_NUMBER = /^#?\d{1,12}$/;

/**
 * "Look up" next to the ticket number when the account has a PSA connected: fetches the ticket and
 * hands it to the form to pre-fill, then shows what the PSA says about it. Hidden without a PSA.
 */
export function PsaTicketLookup({
  ticket,
  onFound,
}: {
  ticket: string;
  onFound: (ticket: PsaTicket) => void;
}) {
  const status = usePsaStatus();
  const lookup = useTicketLookup();
  if (!status.data?.connected) return null;
  const number = ticket.trim();
  const found = lookup.isSuccess && lookup.variables === number.replace(/^#/, '') ? lookup.data.ticket : null;

  return (
    <div className="space-y-3 sm:col-span-2">
      <Button
        size="sm"
        disabled={!TICKET_NUMBER.test(number)}
        loading={lookup.isPending}
        onClick={() => lookup.mutate(number.replace(/^#/, ''), { onSuccess: (res) => onFound(res.ticket) })}
      >
        Look up ticket in {psaLabel(status.data.provider)}
      </Button>
      {lookup.isError && (
        <Notice tone="error">{errorMessage(lookup.error, 'Could not look up the ticket.')}</Notice>
      )}
      {found && <TicketDetails ticket={found} />}
    </div>
  );
}

function TicketDetails({ ticket }: { ticket: PsaTicket }) {
  const details: [string, string | null][] = [
    ['Company', ticket.company],
    ['Contact', ticket.contact],
    ['Board', ticket.board],
    ['Status', ticket.status],
  ];
  return (
    <section
      aria-label={`Ticket #${ticket.number}`}
      className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm dark:border-slate-800 dark:bg-slate-900/60"
    >
      <p className="font-medium text-slate-900 dark:text-slate-100">
        #{ticket.number} · {ticket.summary}
      </p>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4">
        {details.map(([term, value]) => (
          <div key={term}>
            <dt className="text-xs text-slate-500 dark:text-slate-400">{term}</dt>
            <dd className="text-slate-800 dark:text-slate-200">{value ?? '—'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The problem text a ticket gives the intake: its summary, then the initial description and the contact. */
export function problemFromTicket(ticket: PsaTicket): string {
  const parts = [
    ticket.summary,
    ticket.initial_description,
    ticket.contact && `Contact: ${ticket.contact}`,
  ].filter((p): p is string => Boolean(p && p.trim()));
  return parts.join('\n\n').slice(0, 5000);
}
