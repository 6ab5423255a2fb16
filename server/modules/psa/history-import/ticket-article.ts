import type { PsaClosedTicket, PsaTicketNote } from '../provider';

// Article titles are at most 300 characters and tags 40 (articles.schemas.ts); a pasted log in a
// note must not turn one ticket into a megabyte of knowledge.
const MAX_TITLE = 300;
const MAX_TAG = 40;
const MAX_NOTE = 20_000;
const MAX_BODY = 190_000;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
// PostgreSQL text cannot hold NUL: one pasted binary fragment would fail the page on every retry.
const clean = (text: string) => text.replaceAll('\u0000', '').trim();
const noteText = (n: PsaTicketNote) => clip(clean(n.text), MAX_NOTE);

/**
 * A closed ticket as a knowledge article: the summary as title, then what was wrong (the initial
 * description), how it was solved (resolution notes) and what the technicians wrote on the way
 * (other internal notes). Customer-facing discussion notes are left out: they repeat the problem
 * and carry the client's correspondence, not the fix.
 */
export function ticketArticle(ticket: PsaClosedTicket, notes: PsaTicketNote[]) {
  const written = notes.filter((n) => clean(n.text));
  const description = written.find((n) => n.description);
  const resolution = written.filter((n) => n.resolution);
  const internal = written.filter((n) => n.internal && !n.resolution && n !== description);

  const sections = [
    `## Problem\n\n${description ? noteText(description) : '_No description was recorded._'}`,
  ];
  if (resolution.length) sections.push(`## Resolution\n\n${resolution.map(noteText).join('\n\n')}`);
  if (internal.length) sections.push(`## Notes\n\n${internal.map(noteText).join('\n\n---\n\n')}`);

  const tags = [ticket.board, ticket.type]
    .map((t) => (t ? clean(t) : t))
    .filter((t): t is string => Boolean(t))
    .map((t) => t.slice(0, MAX_TAG));
  return {
    title: clip(clean(ticket.summary) || `PSA ticket #${ticket.id}`, MAX_TITLE),
    body: clip(sections.join('\n\n'), MAX_BODY),
    tags,
  };
}
