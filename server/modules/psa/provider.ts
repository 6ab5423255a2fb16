/**
 * What the product needs from a PSA (professional services automation: the MSP's ticketing system).
 * ConnectWise Manage (`connectwise/`), HaloPSA (`halopsa/`) and Autotask (`autotask/`) implement it;
 * `provider-factory.ts` picks the one the account's connection names (SPEC §17).
 */

export const PSA_PROVIDERS = ['connectwise', 'halopsa', 'autotask'] as const;
export type PsaProviderName = (typeof PSA_PROVIDERS)[number];

/** The product names admins know the PSAs by (messages, delivery log). */
export const PSA_LABELS: Record<PsaProviderName, string> = {
  connectwise: 'ConnectWise',
  halopsa: 'HaloPSA',
  autotask: 'Autotask',
};

/**
 * Values the tenant offers for the settings pickers. `null`: the PSA has no single list (ConnectWise
 * statuses belong to each board), so the admin types the name.
 */
export type PsaChoices = { statuses: string[] | null; noteTypes: string[] | null };

/** A ticket as the intake form shows it. */
export type PsaTicket = {
  number: string;
  summary: string;
  company: string | null;
  contact: string | null;
  board: string | null;
  status: string | null;
  initial_description: string | null;
};

export type PsaMember = { id: number; identifier: string; name: string };

export type PsaNote = {
  text: string;
  /** `customer`: visible to the client (a resolution note); `internal`: technicians only. */
  visibility: 'internal' | 'customer';
  kind: 'escalation' | 'resolution';
};

export type PsaTimeEntry = { memberId: number; start: Date; end: Date; hours: number; notes: string };

/** A closed ticket as the history import reads it: what it was about and how it was solved. */
export type PsaClosedTicket = {
  id: number;
  summary: string;
  board: string | null;
  type: string | null;
  closedAt: string | null;
};

/** One note of a ticket, flagged the way ConnectWise flags notes (a note may carry several). */
export type PsaTicketNote = {
  id: number;
  text: string;
  /** Part of the ticket's description; the first one is the initial description. */
  description: boolean;
  internal: boolean;
  resolution: boolean;
};

/**
 * Which closed tickets a history import reads, oldest id first. Paging goes by id (`afterId`), not
 * by page number, so tickets closed while the import runs cannot shift a page under the cursor.
 */
export type ClosedTicketQuery = { closedAfter: Date; closedUntil: Date; afterId: number; pageSize: number };

/**
 * `marker` is a short reference written into a note or time entry. On a retry (`checkFirst`) the
 * provider looks for it before writing, so a write whose answer was lost is not made twice.
 */
export type WriteOptions = { marker: string; checkFirst: boolean };

export interface PsaProvider {
  /** Reads something harmless with the credentials; resolves with the server's version when it says. */
  testConnection(): Promise<{ serverVersion: string | null }>;
  getTicket(ticket: string): Promise<PsaTicket>;
  postNote(ticket: string, note: PsaNote, options: WriteOptions): Promise<'posted' | 'already_posted'>;
  /** Changes the status, then reads the ticket back: a change the PSA did not apply throws `not_applied`. */
  changeStatus(ticket: string, status: string): Promise<void>;
  addTimeEntry(
    ticket: string,
    entry: PsaTimeEntry,
    options: WriteOptions,
  ): Promise<'posted' | 'already_posted'>;
  listMembers(): Promise<PsaMember[]>;
  /** One active member by id (not_found otherwise). */
  getMember(id: number): Promise<PsaMember>;
  /** How many closed tickets the query matches, ignoring `afterId` and `pageSize`. */
  countClosedTickets(query: ClosedTicketQuery): Promise<number>;
  /** One page of closed tickets with ids above `afterId`, ascending by id. */
  listClosedTickets(query: ClosedTicketQuery): Promise<PsaClosedTicket[]>;
  /** A ticket's notes, oldest first. */
  ticketNotes(ticketId: number): Promise<PsaTicketNote[]>;
  /** The statuses and note types the tenant offers, for the settings pickers. */
  listChoices(): Promise<PsaChoices>;
}

export type PsaFailure =
  /** The PSA refused the credentials (401) or the API member's permissions (403). */
  | 'auth'
  | 'not_found'
  /** The PSA answered 400/422: it understood and refused the request. */
  | 'rejected'
  /** The PSA did not apply a status change it accepted. */
  | 'not_applied'
  /** No usable answer: 5xx, 429, timeout, connection refused, a redirect. */
  | 'unavailable'
  /** Our side refused the site URL (outbound URL guard). */
  | 'url_refused';

/** A PSA call that did not do what was asked. The message is safe to store and show (no keys, no URLs). */
export class PsaError extends Error {
  constructor(
    readonly failure: PsaFailure,
    message: string,
    /** The PSA's HTTP status and, on a 429, how long it asked us to wait (Retry-After): callers that retry read them. */
    readonly answer?: { status: number; retryAfterMs?: number },
    /** What went wrong underneath, for the server log (e.g. why the site URL was refused). */
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Ticket ids are numbers in all three PSAs: only such a ticket can be looked up or written to. */
export const isPsaTicketNumber = (ticket: string | null | undefined): ticket is string =>
  typeof ticket === 'string' && /^[1-9]\d{0,11}$/.test(ticket);
