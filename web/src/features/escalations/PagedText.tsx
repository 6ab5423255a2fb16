import type { Schemas } from '../../api/client';

type Paged = Schemas['PagedPerson'];

const SHOWN = 3;

/** Why one person was paged, as the card says it: "on call, Primary", "round-robin"… */
function reasonOf(p: Paged): string | null {
  switch (p.reason) {
    case 'on_call':
      return p.layer === 'override' ? 'on call, override' : `on call${p.layer ? `, ${p.layer}` : ''}`;
    case 'round_robin':
      return 'round-robin';
    case 'target':
      return 'asked for';
    case 'everyone':
      return 'nobody on call';
    default:
      return null;
  }
}

/** "Sam Senior (on call, Primary), Pat (round-robin) +2 more": who the last policy stage paged. */
export function pagedSummary(paged: readonly Paged[] | undefined): string | null {
  if (!paged || paged.length === 0) return null;
  const named = paged.slice(0, SHOWN).map((p) => {
    const why = reasonOf(p);
    return why ? `${p.name} (${why})` : p.name;
  });
  const more = paged.length - SHOWN;
  return `${named.join(', ')}${more > 0 ? ` +${more} more` : ''}`;
}

/** The queue card's line; nothing when the stage paged nobody on record (older escalations). */
export function PagedText({ paged }: { paged: readonly Paged[] | undefined }) {
  const text = pagedSummary(paged);
  if (!text) return null;
  return (
    <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="paged">
      Paged: {text}
    </p>
  );
}
