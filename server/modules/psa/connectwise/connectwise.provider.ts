import type { OutboundRequestOptions } from '../../../lib/outbound-http';
import {
  PsaError,
  type ClosedTicketQuery,
  type PsaClosedTicket,
  type PsaMember,
  type PsaNote,
  type PsaProvider,
  type PsaTicket,
  type PsaTicketNote,
  type PsaTimeEntry,
  type WriteOptions,
} from '../provider';
import { callConnectWise, type ConnectWiseCredentials } from './connectwise-http';

/** The parts of ConnectWise's answers this integration reads. */
type Reference = { id?: number; name?: string; identifier?: string } | null | undefined;
type CwTicket = {
  id: number;
  summary?: string;
  company?: Reference;
  contact?: Reference;
  contactName?: string;
  board?: Reference;
  status?: Reference;
};
type CwNote = {
  id: number;
  text?: string;
  detailDescriptionFlag?: boolean;
  internalAnalysisFlag?: boolean;
  resolutionFlag?: boolean;
};
type CwClosedTicket = {
  id: number;
  summary?: string;
  board?: Reference;
  type?: Reference;
  closedDate?: string;
};
type CwTimeEntry = { id: number; notes?: string };
type CwMember = {
  id: number;
  identifier?: string;
  firstName?: string;
  lastName?: string;
  inactiveFlag?: boolean;
};

const memberName = (m: CwMember) =>
  [m.firstName, m.lastName].filter(Boolean).join(' ') || m.identifier || `Member ${m.id}`;
const toMember = (m: CwMember): PsaMember => ({
  id: m.id,
  identifier: m.identifier ?? String(m.id),
  name: memberName(m),
});
// ConnectWise wants times without fractional seconds.
const cwTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const sameStatus = (a: string | undefined, b: string) =>
  (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();
// Recent writes are where a lost answer's note would be; a page is enough.
const RECENT = 'orderBy=id%20desc&pageSize=50';
// ConnectWise's largest page; a closed ticket with more notes than this is very rare.
const MAX_PAGE = 1000;

/** ConnectWise conditions for a history import; dates go in square brackets. */
const closedConditions = (q: ClosedTicketQuery, withCursor: boolean) =>
  encodeURIComponent(
    [
      'closedFlag=true',
      `closedDate > [${cwTime(q.closedAfter)}]`,
      `closedDate <= [${cwTime(q.closedUntil)}]`,
      ...(withCursor ? [`id > ${Math.trunc(q.afterId)}`] : []),
    ].join(' and '),
  );

/** ConnectWise Manage over REST API 3.0. */
export function connectWiseProvider(
  creds: ConnectWiseCredentials,
  http: OutboundRequestOptions,
): PsaProvider {
  const call = <T>(method: 'GET' | 'POST' | 'PATCH', path: string, body: unknown, notFound: string) =>
    callConnectWise<T>(creds, http, method, path, body, notFound);
  const ticketMissing = (ticket: string) => `Ticket #${ticket} was not found in ConnectWise`;
  const readTicket = (ticket: string) =>
    call<CwTicket>('GET', `/service/tickets/${ticket}`, undefined, ticketMissing(ticket));

  return {
    async testConnection() {
      const info = await call<{ version?: string }>(
        'GET',
        '/system/info',
        undefined,
        'The ConnectWise API was not found at this site URL',
      );
      return { serverVersion: typeof info?.version === 'string' ? info.version : null };
    },

    async getTicket(ticket): Promise<PsaTicket> {
      const t = await readTicket(ticket);
      // The initial description is not a ticket field when reading: it is the first "detail description" note.
      const notes = await call<CwNote[]>(
        'GET',
        `/service/tickets/${ticket}/notes?orderBy=id%20asc&pageSize=25`,
        undefined,
        ticketMissing(ticket),
      );
      const description = (notes ?? []).find((n) => n.detailDescriptionFlag && n.text?.trim());
      return {
        number: String(t.id ?? ticket),
        summary: t.summary ?? '',
        company: t.company?.name ?? null,
        contact: t.contact?.name ?? t.contactName ?? null,
        board: t.board?.name ?? null,
        status: t.status?.name ?? null,
        initial_description: description?.text ?? null,
      };
    },

    async postNote(ticket, note: PsaNote, o: WriteOptions) {
      if (o.checkFirst) {
        const recent = await call<CwNote[]>(
          'GET',
          `/service/tickets/${ticket}/notes?${RECENT}`,
          undefined,
          ticketMissing(ticket),
        );
        if ((recent ?? []).some((n) => n.text?.includes(o.marker))) return 'already_posted';
      }
      const internal = note.visibility === 'internal';
      await call(
        'POST',
        `/service/tickets/${ticket}/notes`,
        {
          text: note.text,
          detailDescriptionFlag: false,
          internalAnalysisFlag: internal,
          // A customer-visible resolution note is ConnectWise's "Resolution" note type.
          resolutionFlag: !internal && note.kind === 'resolution',
          processNotifications: !internal,
        },
        ticketMissing(ticket),
      );
      return 'posted';
    },

    async changeStatus(ticket, status) {
      await call(
        'PATCH',
        `/service/tickets/${ticket}`,
        [{ op: 'replace', path: 'status', value: { name: status } }],
        ticketMissing(ticket),
      );
      // ConnectWise can answer 200 and keep the old status (a workflow rule, a status closed on this
      // board): only the ticket read back says whether the change happened.
      const after = await readTicket(ticket);
      if (!sameStatus(after.status?.name, status)) {
        throw new PsaError(
          'not_applied',
          `status change was not applied: ticket still '${after.status?.name ?? 'unknown'}'`,
        );
      }
    },

    async addTimeEntry(ticket, entry: PsaTimeEntry, o: WriteOptions) {
      if (o.checkFirst) {
        const conditions = encodeURIComponent(`chargeToType="ServiceTicket" AND chargeToId=${ticket}`);
        const recent = await call<CwTimeEntry[]>(
          'GET',
          `/time/entries?conditions=${conditions}&${RECENT}`,
          undefined,
          'Time entries were not found',
        );
        if ((recent ?? []).some((e) => e.notes?.includes(o.marker))) return 'already_posted';
      }
      await call(
        'POST',
        '/time/entries',
        {
          chargeToId: Number(ticket),
          chargeToType: 'ServiceTicket',
          member: { id: entry.memberId },
          timeStart: cwTime(entry.start),
          timeEnd: cwTime(entry.end),
          actualHours: entry.hours,
          notes: entry.notes,
        },
        ticketMissing(ticket),
      );
      return 'posted';
    },

    async listMembers() {
      const conditions = encodeURIComponent('inactiveFlag=false');
      const rows = await call<CwMember[]>(
        'GET',
        `/system/members?conditions=${conditions}&orderBy=identifier%20asc&pageSize=1000&fields=id,identifier,firstName,lastName`,
        undefined,
        'The ConnectWise member list was not found',
      );
      return (rows ?? []).map(toMember);
    },

    async getMember(id) {
      const m = await call<CwMember>(
        'GET',
        `/system/members/${id}`,
        undefined,
        `ConnectWise has no member with id ${id}`,
      );
      if (m.inactiveFlag)
        throw new PsaError('not_found', `ConnectWise member ${m.identifier ?? id} is inactive`);
      return toMember(m);
    },

    async countClosedTickets(q) {
      const answer = await call<{ count?: number }>(
        'GET',
        `/service/tickets/count?conditions=${closedConditions(q, false)}`,
        undefined,
        'The ConnectWise ticket count was not found',
      );
      return typeof answer?.count === 'number' ? answer.count : 0;
    },

    async listClosedTickets(q): Promise<PsaClosedTicket[]> {
      const size = Math.min(Math.max(1, Math.trunc(q.pageSize)), MAX_PAGE);
      const rows = await call<CwClosedTicket[]>(
        'GET',
        `/service/tickets?conditions=${closedConditions(q, true)}&orderBy=id%20asc&page=1&pageSize=${size}` +
          '&fields=id,summary,board,type,closedDate',
        undefined,
        'The ConnectWise ticket list was not found',
      );
      return (rows ?? []).map((t) => ({
        id: t.id,
        summary: t.summary ?? '',
        board: t.board?.name ?? null,
        type: t.type?.name ?? null,
        closedAt: t.closedDate ?? null,
      }));
    },

    async ticketNotes(ticketId): Promise<PsaTicketNote[]> {
      const rows = await call<CwNote[]>(
        'GET',
        `/service/tickets/${ticketId}/notes?orderBy=id%20asc&pageSize=${MAX_PAGE}`,
        undefined,
        ticketMissing(String(ticketId)),
      );
      return (rows ?? []).map((n) => ({
        id: n.id,
        text: n.text ?? '',
        description: Boolean(n.detailDescriptionFlag),
        internal: Boolean(n.internalAnalysisFlag),
        resolution: Boolean(n.resolutionFlag),
      }));
    },

    // Statuses belong to each ConnectWise board and notes are flagged, not typed: the admin types
    // the status names (checked by reading the ticket back on every change).
    listChoices: () => Promise.resolve({ statuses: null, noteTypes: null }),
  };
}
