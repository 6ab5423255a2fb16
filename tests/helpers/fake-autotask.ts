import { startFakePsaServer, type RecordedRequest, type Reply } from './fake-psa-server';

/**
 * An Autotask stand-in on 127.0.0.1, written from Autotask's public REST API reference (v1.0):
 * - zone discovery, `GET /atservicesrest/v1.0/zoneInformation?user=` (no credentials) → the zone's
 *   `url`, here `/zone1/atservicesrest/` on the same server;
 * - the zone's API with the `ApiIntegrationCode`, `UserName` and `Secret` headers (401 otherwise):
 *   `Tickets/{id}` (`{item}`; a missing id answers `item: null`), `PATCH Tickets`, ticket notes as
 *   a child collection (`Tickets/{id}/Notes`, GET and POST), `Tickets/query` with filters, MaxRecords
 *   (at most 500) and `pageDetails.nextPageUrl`, `Tickets/query/count`, `TimeEntries` (create,
 *   query), `Resources` (by id, query), `ResourceServiceDeskRoles/query`, `Companies/{id}`,
 *   `Contacts/{id}` and the picklists in `{Entity}/entityInformation/fields`.
 *
 * Like Autotask it refuses bad values with HTTP 500 and `{errors: [...]}`. A note's `publish` must be
 * a value of the tenant's publish picklist. Tests can make it keep a ticket's status on PATCH (a
 * workflow rule can), cap the page size to see paging, replace the publish picklist, and fail or
 * rate-limit chosen requests (see fake-psa-server.ts). Sources: docs/PSA-PROVIDERS.md.
 */

export type AutotaskFakeCredentials = { username: string; secret: string; integrationCode: string };
export type AtTicket = {
  id: number;
  ticketNumber: string;
  title: string;
  description: string;
  resolution: string;
  status: number;
  companyID: number;
  contactID: number | null;
  queueID: number;
  ticketType: number;
  completedDate: string | null;
};
export type AtNote = {
  id: number;
  ticketID: number;
  title: string;
  description: string;
  noteType: number;
  publish: number;
};
export type AtTimeEntry = {
  id: number;
  ticketID: number;
  resourceID: number;
  roleID: number;
  dateWorked: string;
  startDateTime: string;
  endDateTime: string;
  hoursWorked: number;
  summaryNotes: string;
};
export type AtResource = {
  id: number;
  firstName: string;
  lastName: string;
  userName: string;
  email: string;
  isActive: boolean;
};

const picklist = (values: [number, string][], defaultValue?: number) =>
  values.map(([value, label], i) => ({
    value: String(value),
    label,
    isActive: true,
    isDefaultValue: value === defaultValue,
    isSystem: true,
    sortOrder: i,
    parentValue: '',
  }));

/** The tenant's ticket statuses: ids are Autotask's (5 "Complete" is a system value), labels the MSP's. */
export const AT_STATUSES: [number, string][] = [
  [1, 'New'],
  [8, 'In Progress'],
  [17, 'Escalated'],
  [7, 'Waiting Customer'],
  [19, 'Resolved'],
  [5, 'Complete'],
];
/** Note visibility as public clients read it from live tenants: 1 is the one clients can see. */
export const AT_PUBLISH: [number, string][] = [
  [1, 'All Autotask Users'],
  [2, 'Internal Project Team'],
  [4, 'Internal & Co-Managed'],
];
export const AT_NOTE_TYPES: [number, string][] = [
  [1, 'Task Notes'],
  [2, 'Internal Notes'],
  [3, 'Resolution'],
];
const QUEUES: [number, string][] = [
  [29682833, 'Service Desk'],
  [29682834, 'Level II Support'],
];
const TICKET_TYPES: [number, string][] = [
  [1, 'Service Request'],
  [2, 'Incident'],
];

type Filter = { op: string; field: string; value?: unknown; items?: Filter[] };

/** Autotask's query filters: eq, noteq, gt, gte, lt, lte, exist, notExist, contains, and/or groups. */
function matches(row: Record<string, unknown>, f: Filter): boolean {
  const op = f.op.toLowerCase();
  if (op === 'and') return (f.items ?? []).every((i) => matches(row, i));
  if (op === 'or') return (f.items ?? []).some((i) => matches(row, i));
  const key = Object.keys(row).find((k) => k.toLowerCase() === f.field.toLowerCase());
  const v = key ? row[key] : undefined;
  const asNumber = (x: unknown) =>
    typeof x === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(x) ? Date.parse(x) : Number(x);
  switch (op) {
    case 'eq':
      return v === f.value || String(v) === String(f.value);
    case 'noteq':
      return String(v) !== String(f.value);
    case 'gt':
      return v !== null && v !== undefined && asNumber(v) > asNumber(f.value);
    case 'gte':
      return v !== null && v !== undefined && asNumber(v) >= asNumber(f.value);
    case 'lt':
      return v !== null && v !== undefined && asNumber(v) < asNumber(f.value);
    case 'lte':
      return v !== null && v !== undefined && asNumber(v) <= asNumber(f.value);
    case 'exist':
      return v !== null && v !== undefined && v !== '';
    case 'notexist':
      return v === null || v === undefined || v === '';
    case 'contains':
      return String(v ?? '').includes(String(f.value));
    default:
      throw new Error(`Unknown filter operation ${f.op}`);
  }
}

export async function startFakeAutotask(creds: AutotaskFakeCredentials) {
  const tickets = new Map<number, AtTicket>();
  const notes: AtNote[] = [];
  const timeEntries: AtTimeEntry[] = [];
  const resources: AtResource[] = [
    {
      id: 29682885,
      firstName: 'Jo',
      lastName: 'Senior',
      userName: 'jsenior',
      email: 'jo@msp.example',
      isActive: true,
    },
    {
      id: 29682886,
      firstName: 'Toni',
      lastName: 'Tech',
      userName: 'ttech',
      email: 'toni@msp.example',
      isActive: true,
    },
    {
      id: 29682887,
      firstName: 'Former',
      lastName: 'Resource',
      userName: 'gone',
      email: 'gone@msp.example',
      isActive: false,
    },
  ];
  /** Default service desk roles: Toni has none, so her time cannot be booked. */
  const serviceDeskRoles = [
    { id: 1, resourceID: 29682885, roleID: 29683461, isDefault: true, isActive: true },
    { id: 2, resourceID: 29682887, roleID: 29683461, isDefault: true, isActive: true },
  ];
  const companies = new Map([[250, { id: 250, companyName: 'Harbor Dental' }]]);
  const contacts = new Map([[77, { id: 77, firstName: 'Dana', lastName: 'Front Desk' }]]);
  const state = { ignoreStatusChanges: false, maxRecords: 500, nextId: 9000 };
  const atError = (_status: number, message: string) => ({ errors: [message] });

  const fields = {
    Tickets: [
      { name: 'status', dataType: 'integer', isPickList: true, picklistValues: picklist(AT_STATUSES, 1) },
      { name: 'queueID', dataType: 'integer', isPickList: true, picklistValues: picklist(QUEUES) },
      {
        name: 'ticketType',
        dataType: 'integer',
        isPickList: true,
        picklistValues: picklist(TICKET_TYPES, 1),
      },
      { name: 'title', dataType: 'string', isPickList: false, picklistValues: null },
    ],
    TicketNotes: [
      { name: 'noteType', dataType: 'integer', isPickList: true, picklistValues: picklist(AT_NOTE_TYPES, 1) },
      {
        name: 'publish',
        dataType: 'integer',
        isPickList: true,
        picklistValues: picklist(AT_PUBLISH),
      },
    ],
  };

  let zoneBase = '';
  const ZONE_PATH = '/zone1/atservicesrest/v1.0/';

  /** One page of a query; the next page's URL carries the query and where it stopped. */
  function queryPage(
    entity: string,
    rows: Record<string, any>[],
    body: any,
    afterIndex: number,
    reply: Reply,
  ) {
    let filtered: Record<string, any>[];
    try {
      const filter: Filter[] = Array.isArray(body?.filter) ? body.filter : [];
      if (!filter.length) return reply(500, atError(500, 'A query needs at least one filter'));
      filtered = rows.filter((r) => filter.every((f) => matches(r, f))).sort((a, b) => a.id - b.id);
    } catch (err) {
      return reply(500, atError(500, (err as Error).message));
    }
    const max = Math.min(Number(body?.MaxRecords ?? 500), 500, state.maxRecords);
    const items = filtered.slice(afterIndex, afterIndex + max);
    const rest = afterIndex + max < filtered.length;
    const paging = Buffer.from(JSON.stringify({ body, afterIndex: afterIndex + max })).toString('base64url');
    return reply(200, {
      items,
      pageDetails: {
        count: items.length,
        requestCount: max,
        prevPageUrl: null,
        nextPageUrl: rest ? `${zoneBase}${ZONE_PATH}${entity}/query/next?paging=${paging}` : null,
      },
    });
  }

  function entityRows(entity: string): Record<string, any>[] | null {
    const childNotes = /^Tickets\/(\d+)\/Notes$/.exec(entity);
    if (childNotes) return notes.filter((n) => n.ticketID === Number(childNotes[1]));
    switch (entity) {
      case 'Tickets':
        return [...tickets.values()];
      case 'TimeEntries':
        return timeEntries;
      case 'Resources':
        return resources;
      case 'ResourceServiceDeskRoles':
        return serviceDeskRoles;
      default:
        return null;
    }
  }

  function addNote(ticket: AtTicket, body: any, reply: Reply) {
    if (typeof body?.description !== 'string' || !body.description.trim())
      return reply(500, atError(500, 'description is required'));
    if (!AT_NOTE_TYPES.some(([v]) => v === body.noteType))
      return reply(500, atError(500, `Invalid value for noteType: ${body.noteType}`));
    const publish = fields.TicketNotes.find((f) => f.name === 'publish')!.picklistValues!;
    if (!publish.some((v) => Number(v.value) === body.publish))
      return reply(500, atError(500, `Invalid value for publish: ${body.publish}`));
    const note: AtNote = {
      id: state.nextId++,
      ticketID: ticket.id,
      title: String(body.title ?? ''),
      description: body.description,
      noteType: body.noteType,
      publish: body.publish,
    };
    notes.push(note);
    return reply(200, { itemId: note.id });
  }

  function patchTicket(body: any, reply: Reply) {
    const ticket = tickets.get(Number(body?.id));
    if (!ticket) return reply(500, atError(500, `Ticket ${body?.id} does not exist`));
    if (body.status !== undefined) {
      if (!AT_STATUSES.some(([v]) => v === body.status))
        return reply(500, atError(500, `Invalid value for status: ${body.status}`));
      if (!state.ignoreStatusChanges) ticket.status = body.status;
    }
    return reply(200, { itemId: ticket.id });
  }

  function addTimeEntry(body: any, reply: Reply) {
    if (!tickets.has(Number(body?.ticketID)))
      return reply(500, atError(500, `Ticket ${body?.ticketID} does not exist`));
    const resource = resources.find((r) => r.id === body.resourceID && r.isActive);
    if (!resource) return reply(500, atError(500, 'resourceID must be an active resource'));
    if (!serviceDeskRoles.some((r) => r.resourceID === resource.id && r.roleID === body.roleID))
      return reply(500, atError(500, 'roleID is not a service desk role of the resource'));
    if (!(Number(body.hoursWorked) > 0))
      return reply(500, atError(500, 'hoursWorked must be greater than 0'));
    if (!(Date.parse(body.endDateTime) > Date.parse(body.startDateTime)))
      return reply(500, atError(500, 'endDateTime must be after startDateTime'));
    const entry: AtTimeEntry = {
      id: state.nextId++,
      ticketID: Number(body.ticketID),
      resourceID: resource.id,
      roleID: body.roleID,
      dateWorked: body.dateWorked,
      startDateTime: body.startDateTime,
      endDateTime: body.endDateTime,
      hoursWorked: Number(body.hoursWorked),
      summaryNotes: String(body.summaryNotes ?? ''),
    };
    timeEntries.push(entry);
    return reply(200, { itemId: entry.id });
  }

  function zoneApi(req: RecordedRequest, path: string, reply: Reply) {
    const { method, body } = req;
    const info = /^(Tickets|TicketNotes)\/entityInformation\/fields$/i.exec(path);
    if (method === 'GET' && info) return reply(200, { fields: fields[info[1] as 'Tickets' | 'TicketNotes'] });
    const next = /^(.+)\/query\/next$/.exec(path);
    if (method === 'GET' && next) {
      const rows = entityRows(next[1]!);
      const paging = JSON.parse(
        Buffer.from(req.query.get('paging') ?? '', 'base64url').toString('utf8') || '{}',
      );
      if (!rows) return reply(404, atError(404, 'Unknown entity'));
      return queryPage(next[1]!, rows, paging.body, Number(paging.afterIndex ?? 0), reply);
    }
    const count = /^(\w+)\/query\/count$/.exec(path);
    if (method === 'POST' && count) {
      const rows = entityRows(count[1]!);
      if (!rows) return reply(404, atError(404, 'Unknown entity'));
      const filter: Filter[] = Array.isArray(body?.filter) ? body.filter : [];
      return reply(200, { queryCount: rows.filter((r) => filter.every((f) => matches(r, f))).length });
    }
    const query = /^(\w+)\/query$/.exec(path);
    if (method === 'POST' && query) {
      const rows = entityRows(query[1]!);
      if (!rows) return reply(404, atError(404, 'Unknown entity'));
      return queryPage(query[1]!, rows, body, 0, reply);
    }
    if (method === 'PATCH' && path === 'Tickets') return patchTicket(body, reply);
    if (method === 'POST' && path === 'TimeEntries') return addTimeEntry(body, reply);
    const ticketNotes = /^Tickets\/(\d+)\/Notes$/.exec(path);
    if (ticketNotes) {
      const ticket = tickets.get(Number(ticketNotes[1]));
      if (!ticket) return reply(404, atError(404, `Ticket ${ticketNotes[1]} does not exist`));
      if (method === 'POST') return addNote(ticket, body, reply);
      if (method === 'GET') {
        const rows = notes.filter((n) => n.ticketID === ticket.id);
        return queryPage(
          `Tickets/${ticket.id}/Notes`,
          rows,
          { filter: [{ op: 'gt', field: 'id', value: 0 }] },
          0,
          reply,
        );
      }
    }
    const byId = /^(Tickets|Resources|Companies|Contacts)\/(\d+)$/.exec(path);
    if (method === 'GET' && byId) {
      const id = Number(byId[2]);
      const item =
        byId[1] === 'Tickets'
          ? tickets.get(id)
          : byId[1] === 'Resources'
            ? resources.find((r) => r.id === id)
            : byId[1] === 'Companies'
              ? companies.get(id)
              : contacts.get(id);
      return reply(200, { item: item ?? null });
    }
    return reply(404, atError(404, `No endpoint ${method} ${path}`));
  }

  const fake = await startFakePsaServer({
    errorBody: atError,
    handle(req, reply) {
      if (req.method === 'GET' && req.path === '/atservicesrest/v1.0/zoneInformation') {
        if (req.query.get('user')?.toLowerCase() !== creds.username.toLowerCase())
          return reply(500, atError(500, 'Zone information could not be determined'));
        return reply(200, {
          zoneName: 'Local Zone 1',
          url: `${zoneBase}/zone1/atservicesrest/`,
          webUrl: `${zoneBase}/zone1/`,
          ci: 123456,
        });
      }
      if (!req.path.startsWith(ZONE_PATH)) return reply(404, atError(404, 'Not found'));
      const h = req.headers;
      if (
        h.apiintegrationcode !== creds.integrationCode ||
        h.username !== creds.username ||
        h.secret !== creds.secret
      )
        return reply(401, atError(401, 'Unauthorized'));
      return zoneApi(req, req.path.slice(ZONE_PATH.length), reply);
    },
  });
  zoneBase = fake.url;

  return {
    ...fake,
    /** Where zones are discovered (AUTOTASK_ZONE_DISCOVERY_URL). */
    discoveryUrl: `${fake.url}/atservicesrest`,
    tickets,
    notes,
    timeEntries,
    resources,
    /** Answers 200 to status PATCHes but keeps the old status. */
    get ignoreStatusChanges() {
      return state.ignoreStatusChanges;
    },
    set ignoreStatusChanges(v: boolean) {
      state.ignoreStatusChanges = v;
    },
    /** Replaces the tenant's note publish picklist (another tenant's ids and labels). */
    set publishValues(values: [number, string][]) {
      fields.TicketNotes.find((f) => f.name === 'publish')!.picklistValues = picklist(values);
    },
    /** The largest page a query answers (Autotask: 500); smaller to see `nextPageUrl` paging. */
    set maxRecords(v: number) {
      state.maxRecords = v;
    },
    addTicket(t: Partial<AtTicket> & { id: number; title: string }) {
      const ticket: AtTicket = {
        ticketNumber: `T20261201.${String(t.id).padStart(4, '0')}`,
        description: '',
        resolution: '',
        status: 1,
        companyID: 250,
        contactID: 77,
        queueID: 29682833,
        ticketType: 2,
        completedDate: null,
        ...t,
      };
      tickets.set(ticket.id, ticket);
      return ticket;
    },
    /** A completed ticket: its Resolution field, internal notes (publish 2) and visible ones (publish 1). */
    addClosedTicket(t: {
      id: number;
      title: string;
      completedDate: string;
      description?: string;
      resolution?: string;
      internal?: string[];
      visible?: string[];
    }) {
      const ticket = this.addTicket({
        id: t.id,
        title: t.title,
        description: t.description ?? '',
        resolution: t.resolution ?? '',
        status: 5,
        completedDate: t.completedDate,
      });
      const note = (description: string, publish: number, noteType: number) =>
        notes.push({ id: state.nextId++, ticketID: t.id, title: '', description, noteType, publish });
      for (const n of t.internal ?? []) note(n, 2, 2);
      for (const n of t.visible ?? []) note(n, 1, 1);
      return ticket;
    },
  };
}

export type FakeAutotask = Awaited<ReturnType<typeof startFakeAutotask>>;
