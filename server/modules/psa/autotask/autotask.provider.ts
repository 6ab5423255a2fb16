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
import { autotaskClient, type AutotaskCredentials, type AutotaskOptions } from './autotask-http';

/** The parts of Autotask's answers this integration reads. */
type AtTicket = {
  id: number;
  ticketNumber?: string;
  title?: string;
  description?: string | null;
  resolution?: string | null;
  status?: number;
  companyID?: number | null;
  contactID?: number | null;
  queueID?: number | null;
  ticketType?: number | null;
  completedDate?: string | null;
};
type AtNote = { id: number; title?: string; description?: string; noteType?: number; publish?: number };
type AtTimeEntry = { id: number; summaryNotes?: string };
type AtResource = {
  id: number;
  firstName?: string;
  lastName?: string;
  userName?: string;
  email?: string;
  isActive?: boolean;
};
type AtPicklistValue = { value: string; label: string; isActive?: boolean; isDefaultValue?: boolean };
type AtField = { name: string; isPickList?: boolean; picklistValues?: AtPicklistValue[] | null };
type Page<T> = { items?: T[]; pageDetails?: { count?: number; nextPageUrl?: string | null } };
type Filter = { op: string; field: string; value?: unknown };

/** Autotask's largest page of a query. */
const MAX_RECORDS = 500;
/**
 * A note's `publish` is a picklist of the tenant's: "All Autotask Users" is the value clients can see
 * (and outsourced copies get), the internal values say "Internal ..." ("Internal Project Team",
 * "Internal Only"); "Internal & Co-Managed" also shows to co-managing users, so it is not ours. These
 * ids are what public clients read from live tenants; they serve only when the picklist is missing.
 */
const PUBLISH_FALLBACK = { customer: 1, internal: 2 } as const;
const isCustomerPublish = (label: string) => /all autotask users/i.test(label);
const isInternalPublish = (label: string) => /internal/i.test(label) && !/co-?managed/i.test(label);

const toMember = (r: AtResource): PsaMember => ({
  id: r.id,
  identifier: r.userName || r.email || String(r.id),
  name: [r.firstName, r.lastName].filter(Boolean).join(' ') || r.userName || `Resource ${r.id}`,
});
const atTime = (d: Date) => d.toISOString();
const active = (values: AtPicklistValue[]) => values.filter((v) => v.isActive !== false);

export type AutotaskProviderOptions = AutotaskOptions & {
  /** The ticket note type chosen in settings (note_type); null: the tenant's default note type. */
  noteType: string | null;
};

/** Autotask (Datto) over its REST API v1.0. */
export function autotaskProvider(creds: AutotaskCredentials, o: AutotaskProviderOptions): PsaProvider {
  const { call, zoneUrl } = autotaskClient(creds, o);
  const ticketMissing = (ticket: string | number) => `Ticket ${ticket} was not found in Autotask`;

  /** An entity by id: Autotask answers a missing one with 404 or with `item: null`. */
  async function getItem<T>(path: string, missing: string): Promise<T> {
    const answer = await call<{ item?: T | null }>('GET', path, undefined, missing);
    if (!answer?.item) throw new PsaError('not_found', missing);
    return answer.item;
  }
  const readTicket = (ticket: string | number) =>
    getItem<AtTicket>(`Tickets/${ticket}`, ticketMissing(ticket));
  const optionalName = async (path: string, name: (item: Record<string, string | undefined>) => string) => {
    try {
      return name(await getItem<Record<string, string | undefined>>(path, 'gone')) || null;
    } catch (err) {
      if (err instanceof PsaError && err.failure === 'not_found') return null;
      throw err;
    }
  };

  /** Follows `pageDetails.nextPageUrl` until `max` items are read or the list ends. */
  async function collect<T>(first: Promise<Page<T> | undefined>, max: number, missing: string): Promise<T[]> {
    const out: T[] = [];
    let page = await first;
    for (;;) {
      out.push(...(page?.items ?? []));
      const next = page?.pageDetails?.nextPageUrl;
      if (!next || out.length >= max) return out;
      page = await call<Page<T>>('GET', next, undefined, missing);
    }
  }
  const query = <T>(
    entity: string,
    filter: Filter[],
    max = MAX_RECORDS,
    extra: Record<string, unknown> = {},
  ) =>
    collect<T>(
      call<Page<T>>(
        'POST',
        `${entity}/query`,
        { MaxRecords: Math.min(max, MAX_RECORDS), filter, ...extra },
        `Autotask has no ${entity} query`,
      ),
      max,
      `Autotask has no ${entity} query`,
    );

  // Picklists (statuses, queues, ticket types, note types) are the tenant's own: read, never assumed.
  const picklists = new Map<string, Promise<AtField[]>>();
  const fields = (entity: 'Tickets' | 'TicketNotes') => {
    let found = picklists.get(entity);
    if (!found) {
      found = call<{ fields?: AtField[] }>(
        'GET',
        `${entity}/entityInformation/fields`,
        undefined,
        `Autotask has no field information for ${entity}`,
      ).then((a) => a?.fields ?? []);
      found.catch(() => picklists.delete(entity));
      picklists.set(entity, found);
    }
    return found;
  };
  const picklist = async (entity: 'Tickets' | 'TicketNotes', field: string) =>
    (await fields(entity)).find((f) => f.name.toLowerCase() === field.toLowerCase())?.picklistValues ?? [];
  const label = async (entity: 'Tickets' | 'TicketNotes', field: string, value: number | null | undefined) =>
    value === null || value === undefined
      ? null
      : ((await picklist(entity, field)).find((v) => Number(v.value) === value)?.label ?? null);

  /** The tenant's `publish` value for a note that customers may or may not see. */
  async function publishValue(visibility: 'customer' | 'internal'): Promise<number> {
    const values = active(await picklist('TicketNotes', 'publish'));
    if (!values.length) return PUBLISH_FALLBACK[visibility];
    const chosen = values.find((v) =>
      visibility === 'customer' ? isCustomerPublish(v.label) : isInternalPublish(v.label),
    );
    if (!chosen)
      throw new PsaError(
        'rejected',
        `Autotask lists no ${visibility === 'customer' ? '"All Autotask Users"' : 'internal'} note publish setting`,
      );
    return Number(chosen.value);
  }

  async function noteTypeValue(): Promise<number> {
    const values = active(await picklist('TicketNotes', 'noteType'));
    const chosen = o.noteType
      ? values.find((v) => sameName(v.label, o.noteType!))
      : (values.find((v) => v.isDefaultValue) ?? values[0]);
    if (!chosen)
      throw new PsaError(
        'rejected',
        o.noteType
          ? `Autotask has no note type named '${o.noteType}' (choose one in Settings → PSA)`
          : 'Autotask lists no ticket note types',
      );
    return Number(chosen.value);
  }

  const ticketNotesOf = (ticket: string | number) =>
    collect<AtNote>(
      call<Page<AtNote>>('GET', `Tickets/${ticket}/Notes`, undefined, ticketMissing(ticket)),
      Number.POSITIVE_INFINITY,
      ticketMissing(ticket),
    );

  const closedFilter = (q: ClosedTicketQuery, withCursor: boolean): Filter[] => [
    { op: 'gt', field: 'completedDate', value: atTime(q.closedAfter) },
    { op: 'lte', field: 'completedDate', value: atTime(q.closedUntil) },
    ...(withCursor ? [{ op: 'gt', field: 'id', value: Math.trunc(q.afterId) }] : []),
  ];

  return {
    async testConnection() {
      // Zone discovery, then one authenticated read (the ticket fields the settings pickers need).
      await zoneUrl();
      await fields('Tickets');
      return { serverVersion: null };
    },

    async getTicket(ticket): Promise<PsaTicket> {
      const t = await readTicket(ticket);
      const [company, contact, queue, status] = await Promise.all([
        t.companyID ? optionalName(`Companies/${t.companyID}`, (c) => c.companyName ?? '') : null,
        t.contactID
          ? optionalName(`Contacts/${t.contactID}`, (c) =>
              [c.firstName, c.lastName].filter(Boolean).join(' '),
            )
          : null,
        label('Tickets', 'queueID', t.queueID),
        label('Tickets', 'status', t.status),
      ]);
      return {
        number: String(t.id ?? ticket),
        summary: t.title ?? '',
        company,
        contact,
        board: queue,
        status,
        initial_description: t.description ? htmlToText(t.description) || null : null,
      };
    },

    async postNote(ticket, note, w) {
      if (w.checkFirst) {
        const notes = await ticketNotesOf(ticket);
        if (notes.some((n) => n.description?.includes(w.marker))) return 'already_posted';
      }
      const resolution = note.kind === 'resolution';
      await call(
        'POST',
        `Tickets/${ticket}/Notes`,
        {
          ticketID: Number(ticket),
          title: resolution ? 'Resolved in ResolutionFlow' : 'Escalated in ResolutionFlow',
          description: note.text,
          noteType: await noteTypeValue(),
          publish: await publishValue(note.visibility),
        },
        ticketMissing(ticket),
      );
      return 'posted';
    },

    async changeStatus(ticket, status) {
      const target = active(await picklist('Tickets', 'status')).find((v) => sameName(v.label, status));
      if (!target)
        throw new PsaError(
          'rejected',
          `Autotask has no ticket status named '${status}' (choose one in Settings → PSA)`,
        );
      await call(
        'PATCH',
        'Tickets',
        { id: Number(ticket), status: Number(target.value) },
        ticketMissing(ticket),
      );
      // A workflow rule can put the status back; only the ticket read back says what it is now.
      const after = await readTicket(ticket);
      if (after.status !== Number(target.value)) {
        throw new PsaError(
          'not_applied',
          `status change was not applied: ticket still '${(await label('Tickets', 'status', after.status)) ?? 'unknown'}'`,
        );
      }
    },

    async addTimeEntry(ticket, entry, w) {
      if (w.checkFirst) {
        const recent = await query<AtTimeEntry>('TimeEntries', [
          { op: 'eq', field: 'ticketID', value: Number(ticket) },
        ]);
        if (recent.some((e) => e.summaryNotes?.includes(w.marker))) return 'already_posted';
      }
      // Ticket time is billed under a role: the resource's default service desk role.
      const roles = await query<{ roleID?: number }>('ResourceServiceDeskRoles', [
        { op: 'eq', field: 'resourceID', value: entry.memberId },
        { op: 'eq', field: 'isDefault', value: true },
        { op: 'eq', field: 'isActive', value: true },
      ]);
      const roleID = roles[0]?.roleID;
      if (!roleID)
        throw new PsaError(
          'rejected',
          `Autotask resource ${entry.memberId} has no default service desk role, so the time has no role to be billed under`,
        );
      await call(
        'POST',
        'TimeEntries',
        {
          ticketID: Number(ticket),
          resourceID: entry.memberId,
          roleID,
          dateWorked: `${entry.start.toISOString().slice(0, 10)}T00:00:00Z`,
          startDateTime: atTime(entry.start),
          endDateTime: atTime(entry.end),
          hoursWorked: entry.hours,
          summaryNotes: entry.notes,
        },
        ticketMissing(ticket),
      );
      return 'posted';
    },

    async listMembers() {
      const rows = await query<AtResource>(
        'Resources',
        [{ op: 'eq', field: 'isActive', value: true }],
        5_000,
      );
      return rows.map(toMember);
    },

    async getMember(id) {
      const r = await getItem<AtResource>(`Resources/${id}`, `Autotask has no resource with id ${id}`);
      if (r.isActive === false)
        throw new PsaError('not_found', `Autotask resource ${r.userName ?? id} is inactive`);
      return toMember(r);
    },

    async countClosedTickets(q) {
      const answer = await call<{ queryCount?: number }>(
        'POST',
        'Tickets/query/count',
        { filter: closedFilter(q, false) },
        'Autotask has no ticket count',
      );
      return typeof answer?.queryCount === 'number' ? answer.queryCount : 0;
    },

    async listClosedTickets(q): Promise<PsaClosedTicket[]> {
      const size = Math.max(1, Math.trunc(q.pageSize));
      const rows = (
        await query<AtTicket>('Tickets', closedFilter(q, true), size, {
          IncludeFields: ['id', 'title', 'queueID', 'ticketType', 'completedDate'],
        })
      )
        .filter((t) => t.id > q.afterId)
        .sort((a, b) => a.id - b.id)
        .slice(0, size);
      return Promise.all(
        rows.map(async (t) => ({
          id: t.id,
          summary: t.title ?? '',
          board: await label('Tickets', 'queueID', t.queueID),
          type: await label('Tickets', 'ticketType', t.ticketType),
          closedAt: t.completedDate ?? null,
        })),
      );
    },

    async ticketNotes(ticketId): Promise<PsaTicketNote[]> {
      const [t, notes] = await Promise.all([readTicket(ticketId), ticketNotesOf(ticketId)]);
      const out: PsaTicketNote[] = [];
      if (t.description)
        out.push({
          id: 0,
          text: htmlToText(t.description),
          description: true,
          internal: false,
          resolution: false,
        });
      // A tenant without a client-visible publish value has only internal notes.
      const customerPublish = await publishValue('customer').catch((err: unknown) => {
        if (err instanceof PsaError && err.failure === 'rejected') return null;
        throw err;
      });
      for (const n of [...notes].sort((a, b) => a.id - b.id)) {
        const type = await label('TicketNotes', 'noteType', n.noteType);
        out.push({
          id: n.id,
          text: [n.title, n.description].filter(Boolean).join('\n'),
          description: false,
          internal: n.publish !== customerPublish,
          resolution: /resolution/i.test(type ?? ''),
        });
      }
      // The ticket's own Resolution field is where Autotask technicians write the fix.
      if (t.resolution?.trim())
        out.push({
          id: -1,
          text: htmlToText(t.resolution),
          description: false,
          internal: false,
          resolution: true,
        });
      return out;
    },

    async listChoices() {
      const [statuses, noteTypes] = await Promise.all([
        picklist('Tickets', 'status'),
        picklist('TicketNotes', 'noteType'),
      ]);
      return {
        statuses: active(statuses).map((v) => v.label),
        noteTypes: active(noteTypes).map((v) => v.label),
      };
    },
  };
}
