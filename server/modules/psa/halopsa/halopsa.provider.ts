import {
  PsaError,
  type ClosedTicketQuery,
  type PsaClosedTicket,
  type PsaMember,
  type PsaProvider,
  type PsaTicket,
  type PsaTicketNote,
} from '../provider';
import { htmlToText, sameName } from '../psa-http';
import { haloClient, type HaloCredentials, type HaloOptions } from './halopsa-http';

/** The parts of HaloPSA's answers this integration reads. */
type HaloTicket = {
  id: number;
  summary?: string;
  details?: string;
  client_name?: string;
  site_name?: string;
  user_name?: string;
  status_id?: number;
  team?: string;
  tickettype_name?: string;
  dateclosed?: string | null;
};
type HaloStatus = { id: number; name?: string };
type HaloOutcome = { id: number; outcome?: string; name?: string };
type HaloAgent = { id: number; name?: string; email?: string; isdisabled?: boolean };
type HaloAction = {
  id: number;
  ticket_id?: number;
  note?: string;
  outcome?: string;
  hiddenfromuser?: boolean;
  timetaken?: number;
};
type HaloTicketPage = { page_no?: number; page_size?: number; record_count?: number; tickets?: HaloTicket[] };
type HaloActionList = { record_count?: number; actions?: HaloAction[] };

/** HaloPSA's largest page of a list. */
const MAX_PAGE = 100;
/** Recent actions are where a lost answer's note would be. */
const RECENT = 50;
/** The outcome our actions carry when the settings name none and the tenant lists none. */
const FALLBACK_OUTCOME = 'Private Note';

const toMember = (a: HaloAgent): PsaMember => ({
  id: a.id,
  identifier: a.email || a.name || String(a.id),
  name: a.name || a.email || `Agent ${a.id}`,
});
// Halo's list filters take dates without fractions.
const haloTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Closing actions usually carry an outcome such as "Resolved" or "Closed": that is the fix. */
const resolutionOutcome = (outcome: string | undefined) => /resol|clos|complet|fix/i.test(outcome ?? '');

export type HaloProviderOptions = HaloOptions & {
  /** The action outcome chosen in settings (note_type); null: the tenant's first outcome. */
  outcome: string | null;
};

/** HaloPSA over its REST API: notes, time and status changes are all Actions on the ticket. */
export function haloProvider(creds: HaloCredentials, o: HaloProviderOptions): PsaProvider {
  const { call } = haloClient(creds, o);
  const ticketMissing = (ticket: string | number) => `Ticket #${ticket} was not found in HaloPSA`;
  const readTicket = (ticket: string | number) =>
    call<HaloTicket>('GET', `/tickets/${ticket}`, undefined, ticketMissing(ticket));

  let statuses: Promise<HaloStatus[]> | undefined;
  const listStatuses = () =>
    (statuses ??= call<HaloStatus[]>(
      'GET',
      '/status',
      undefined,
      'The HaloPSA status list was not found',
    ).then(
      (rows) => rows ?? [],
      (err: unknown) => {
        statuses = undefined;
        throw err;
      },
    ));
  const listOutcomes = async () =>
    (
      (await call<HaloOutcome[]>('GET', '/outcome', undefined, 'The HaloPSA outcome list was not found')) ??
      []
    )
      .map((x) => x.outcome ?? x.name ?? '')
      .filter(Boolean);
  const outcome = async () => o.outcome ?? (await listOutcomes())[0] ?? FALLBACK_OUTCOME;
  const statusName = async (id: number | undefined) =>
    id === undefined ? null : ((await listStatuses()).find((s) => s.id === id)?.name ?? null);

  const recentActions = async (ticket: string | number) =>
    (
      await call<HaloActionList>(
        'GET',
        `/actions?ticket_id=${ticket}&count=${RECENT}&excludesys=true`,
        undefined,
        ticketMissing(ticket),
      )
    )?.actions ?? [];
  const alreadyWritten = async (ticket: string, marker: string) =>
    (await recentActions(ticket)).some((a) => a.note?.includes(marker));

  // The date filter names the database column (`datecleared`), not the answer's `dateclosed` field.
  const closedQuery = (q: ClosedTicketQuery, page: number, size: number) =>
    `/tickets?closed_only=true&datesearch=datecleared&startdate=${haloTime(q.closedAfter)}` +
    `&enddate=${haloTime(q.closedUntil)}&order=id&orderdesc=false&pageinate=true&page_size=${size}&page_no=${page}`;
  /** Halo's date filter works on whole seconds: the exact bounds are checked here. */
  const inPeriod = (q: ClosedTicketQuery) => (t: HaloTicket) => {
    const at = t.dateclosed ? Date.parse(t.dateclosed) : Number.NaN;
    return !Number.isNaN(at) && at > q.closedAfter.getTime() && at <= q.closedUntil.getTime();
  };
  /**
   * HaloPSA pages by number, the import by ticket id (so a crash resumes where it was). Within a run
   * the page after each cursor is remembered; a resumed run walks the pages from the first one.
   */
  const pageAfter = new Map<number, number>();

  return {
    async testConnection() {
      // A token and one harmless read: both halves of the credentials are checked.
      await listStatuses();
      return { serverVersion: null };
    },

    async getTicket(ticket): Promise<PsaTicket> {
      const t = await readTicket(ticket);
      return {
        number: String(t.id ?? ticket),
        summary: t.summary ?? '',
        company: t.client_name ?? null,
        contact: t.user_name ?? null,
        board: t.team ?? null,
        status: await statusName(t.status_id),
        initial_description: t.details ? htmlToText(t.details) || null : null,
      };
    },

    async postNote(ticket, note, w) {
      if (w.checkFirst && (await alreadyWritten(ticket, w.marker))) return 'already_posted';
      await call(
        'POST',
        '/actions',
        [
          {
            ticket_id: Number(ticket),
            outcome: await outcome(),
            note: note.text,
            hiddenfromuser: note.visibility === 'internal',
            sendemail: false,
          },
        ],
        ticketMissing(ticket),
      );
      return 'posted';
    },

    async changeStatus(ticket, status) {
      const target = (await listStatuses()).find((s) => sameName(s.name, status));
      if (!target)
        throw new PsaError(
          'rejected',
          `HaloPSA has no status named '${status}' (choose one in Settings → PSA)`,
        );
      await call(
        'POST',
        '/actions',
        [
          {
            ticket_id: Number(ticket),
            outcome: await outcome(),
            note: `Status set to ${target.name} by ResolutionFlow`,
            hiddenfromuser: true,
            new_status: target.id,
            sendemail: false,
          },
        ],
        ticketMissing(ticket),
      );
      // A workflow or a required field can keep the old status although the action was accepted.
      const after = await readTicket(ticket);
      if (after.status_id !== target.id) {
        throw new PsaError(
          'not_applied',
          `status change was not applied: ticket still '${(await statusName(after.status_id)) ?? 'unknown'}'`,
        );
      }
    },

    async addTimeEntry(ticket, entry, w) {
      if (w.checkFirst && (await alreadyWritten(ticket, w.marker))) return 'already_posted';
      await call(
        'POST',
        '/actions',
        [
          {
            ticket_id: Number(ticket),
            outcome: await outcome(),
            note: entry.notes,
            hiddenfromuser: true,
            timetaken: entry.hours,
            who_agentid: entry.memberId,
            actionarrivaldate: haloTime(entry.start),
            actioncompletiondate: haloTime(entry.end),
            sendemail: false,
          },
        ],
        ticketMissing(ticket),
      );
      return 'posted';
    },

    async listMembers() {
      const rows = await call<HaloAgent[]>(
        'GET',
        '/agent',
        undefined,
        'The HaloPSA agent list was not found',
      );
      return (rows ?? []).filter((a) => !a.isdisabled).map(toMember);
    },

    async getMember(id) {
      const a = await call<HaloAgent>('GET', `/agent/${id}`, undefined, `HaloPSA has no agent with id ${id}`);
      if (a.isdisabled) throw new PsaError('not_found', `HaloPSA agent ${a.name ?? id} is disabled`);
      return toMember(a);
    },

    async countClosedTickets(q) {
      const answer = await call<HaloTicketPage>(
        'GET',
        closedQuery(q, 1, 1),
        undefined,
        'The HaloPSA ticket list was not found',
      );
      return typeof answer?.record_count === 'number' ? answer.record_count : 0;
    },

    async listClosedTickets(q): Promise<PsaClosedTicket[]> {
      const size = Math.min(Math.max(1, Math.trunc(q.pageSize)), MAX_PAGE);
      for (let page = pageAfter.get(q.afterId) ?? 1; ; page++) {
        const answer = await call<HaloTicketPage>(
          'GET',
          closedQuery(q, page, size),
          undefined,
          'The HaloPSA ticket list was not found',
        );
        const rows = answer?.tickets ?? [];
        if (!rows.length) return [];
        const fresh = rows
          .filter((t) => t.id > q.afterId)
          .filter(inPeriod(q))
          .sort((a, b) => a.id - b.id);
        if (!fresh.length) {
          // Only tickets before the cursor (a resumed run), or none in the exact period on this page.
          if (rows.every((t) => t.id <= q.afterId) || rows.length === size) continue;
          return [];
        }
        pageAfter.set(fresh.at(-1)!.id, page + 1);
        return fresh.map((t) => ({
          id: t.id,
          summary: t.summary ?? '',
          board: t.team ?? null,
          type: t.tickettype_name ?? null,
          closedAt: t.dateclosed ?? null,
        }));
      }
    },

    async ticketNotes(ticketId): Promise<PsaTicketNote[]> {
      const t = await readTicket(ticketId);
      const actions =
        (
          await call<HaloActionList>(
            'GET',
            `/actions?ticket_id=${ticketId}&excludesys=true`,
            undefined,
            ticketMissing(ticketId),
          )
        )?.actions ?? [];
      const description: PsaTicketNote[] = t.details
        ? [{ id: 0, text: htmlToText(t.details), description: true, internal: false, resolution: false }]
        : [];
      return [
        ...description,
        ...[...actions]
          .sort((a, b) => a.id - b.id)
          .map((a) => ({
            id: a.id,
            text: htmlToText(a.note ?? ''),
            description: false,
            internal: Boolean(a.hiddenfromuser),
            resolution: resolutionOutcome(a.outcome),
          })),
      ];
    },

    async listChoices() {
      const [statusRows, outcomes] = await Promise.all([listStatuses(), listOutcomes()]);
      return {
        statuses: statusRows.map((s) => s.name ?? '').filter(Boolean),
        noteTypes: outcomes,
      };
    },
  };
}
