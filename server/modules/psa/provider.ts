/**
 * What the product needs from a PSA (professional services automation: the MSP's ticketing system).
 * ConnectWise Manage implements it today; another PSA would implement the same interface.
 */

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
  ) {
    super(message);
  }
}

/** ConnectWise ticket ids are numbers: only such a ticket can be looked up or written to. */
export const isPsaTicketNumber = (ticket: string | null | undefined): ticket is string =>
  typeof ticket === 'string' && /^[1-9]\d{0,11}$/.test(ticket);
