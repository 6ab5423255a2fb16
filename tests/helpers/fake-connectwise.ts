import { ConditionsError, matches, parseConditions } from './fake-connectwise-conditions';
import { startFakePsaServer, type Reply } from './fake-psa-server';

export type { RecordedRequest } from './fake-psa-server';

/**
 * A ConnectWise Manage stand-in on 127.0.0.1 speaking the REST API 3.0 endpoints the integration uses:
 * system info, tickets (get, JSON-Patch status), ticket notes (list, add), time entries (list, add)
 * and members. It checks ConnectWise's authentication — `Authorization: Basic
 * base64(company+publicKey:privateKey)` and the `clientId` header — and answers 401 otherwise.
 *
 * Tests can make it silently ignore status changes (200, status unchanged, as a workflow rule can),
 * or fail chosen requests with any status (404, 500, ...).
 *
 * For the history import it also lists tickets (`service/tickets` with `conditions`, `orderBy=id`,
 * `page`/`pageSize` up to 1000) and counts them (`service/tickets/count`); tests can rate-limit
 * chosen requests (429 with Retry-After) and slow answers down. Recording, failures and delays are
 * the shared core's (fake-psa-server.ts).
 */

export const CW_API_PATH = '/v4_6_release/apis/3.0';

export type FakeCredentials = { companyId: string; publicKey: string; privateKey: string; clientId: string };
type Ref = { id: number; name: string };
export type FakeNote = {
  id: number;
  ticketId: number;
  text: string;
  detailDescriptionFlag: boolean;
  internalAnalysisFlag: boolean;
  resolutionFlag: boolean;
  processNotifications?: boolean;
};
export type FakeTicket = {
  id: number;
  summary: string;
  company: { id: number; identifier: string; name: string };
  contact: Ref | null;
  board: Ref;
  status: Ref;
  notes: FakeNote[];
  /** Set on closed tickets (`addClosedTicket`). */
  type?: Ref | null;
  closedFlag?: boolean;
  closedDate?: string | null;
};
export type FakeTimeEntry = {
  id: number;
  chargeToId: number;
  chargeToType: string;
  member: { id: number; identifier: string };
  timeStart: string;
  timeEnd: string;
  actualHours: number;
  notes: string;
};
export type FakeMember = {
  id: number;
  identifier: string;
  firstName: string;
  lastName: string;
  inactiveFlag: boolean;
};

/** Statuses every board of the fake knows; a PATCH to any other name is refused like ConnectWise does. */
export const BOARD_STATUSES = ['New', 'In Progress', 'Escalated', 'Waiting on Client', 'Resolved', 'Closed'];

/** ConnectWise's error codes by HTTP status. */
const CW_CODES: Record<number, string> = {
  400: 'InvalidObject',
  401: 'Unauthorized',
  404: 'NotFound',
  429: 'TooManyRequests',
};
const cwBody = (status: number, message: string) => ({ code: CW_CODES[status] ?? 'ServerError', message });

export async function startFakeConnectWise(creds: FakeCredentials) {
  const tickets = new Map<number, FakeTicket>();
  const timeEntries: FakeTimeEntry[] = [];
  const members: FakeMember[] = [
    { id: 11, identifier: 'jsenior', firstName: 'Jo', lastName: 'Senior', inactiveFlag: false },
    { id: 12, identifier: 'ttech', firstName: 'Toni', lastName: 'Tech', inactiveFlag: false },
    { id: 13, identifier: 'gone', firstName: 'Former', lastName: 'Member', inactiveFlag: true },
  ];
  const state = { ignoreStatusChanges: false, nextId: 1000 };
  const expectedAuth = `Basic ${Buffer.from(`${creds.companyId}+${creds.publicKey}:${creds.privateKey}`).toString('base64')}`;

  const cwError = (reply: Reply, status: number, code: string, message: string, field?: string) =>
    reply(status, {
      code,
      message,
      ...(field ? { errors: [{ code, message, resource: 'ticket', field }] } : {}),
    });

  const ticketJson = (t: FakeTicket) => {
    const { notes: _notes, ...rest } = t;
    return {
      ...rest,
      contactName: t.contact?.name ?? null,
      _info: { notes_href: `${CW_API_PATH}/service/tickets/${t.id}/notes` },
    };
  };
  const page = <T extends { id: number }>(rows: T[], q: URLSearchParams) => {
    const sorted = [...rows].sort((a, b) =>
      /\bdesc\b/i.test(q.get('orderBy') ?? '') ? b.id - a.id : a.id - b.id,
    );
    // ConnectWise pages from 1 and serves at most 1000 rows a page.
    const size = Math.min(Number(q.get('pageSize') ?? 25), 1000);
    const from = (Math.max(Number(q.get('page') ?? 1), 1) - 1) * size;
    return sorted.slice(from, from + size);
  };

  /** Tickets matching `conditions`; a condition the fake cannot parse answers 400 like ConnectWise. */
  function listTickets(q: URLSearchParams, reply: Reply, countOnly: boolean) {
    let clauses;
    try {
      clauses = parseConditions(q.get('conditions'));
    } catch (err) {
      if (err instanceof ConditionsError)
        return cwError(reply, 400, 'InvalidObject', err.message, 'conditions');
      throw err;
    }
    const found = [...tickets.values()].filter((t) => matches(ticketJson(t), clauses));
    if (countOnly) return reply(200, { count: found.length });
    return reply(200, page(found, q).map(ticketJson));
  }

  function route(method: string, path: string, q: URLSearchParams, body: any, reply: Reply) {
    if (method === 'GET' && path === '/system/info')
      return reply(200, {
        version: 'v2025.1.12345',
        isCloud: true,
        serverTimeZone: 'Eastern Standard Time',
      });

    if (method === 'GET' && path === '/service/tickets') return listTickets(q, reply, false);
    if (method === 'GET' && path === '/service/tickets/count') return listTickets(q, reply, true);
    const ticketMatch = /^\/service\/tickets\/(\d+)(\/notes)?$/.exec(path);
    if (ticketMatch) {
      const ticket = tickets.get(Number(ticketMatch[1]));
      if (!ticket) return cwError(reply, 404, 'NotFound', `Ticket with id ${ticketMatch[1]} not found`);
      if (!ticketMatch[2]) {
        if (method === 'GET') return reply(200, ticketJson(ticket));
        if (method === 'PATCH') return patchTicket(ticket, body, reply);
      } else {
        if (method === 'GET') return reply(200, page(ticket.notes, q));
        if (method === 'POST') return addNote(ticket, body, reply);
      }
    }
    if (path === '/time/entries') {
      if (method === 'GET') {
        const chargeTo = /chargeToId\s*=\s*(\d+)/.exec(q.get('conditions') ?? '');
        return reply(
          200,
          page(chargeTo ? timeEntries.filter((e) => e.chargeToId === Number(chargeTo[1])) : timeEntries, q),
        );
      }
      if (method === 'POST') return addTimeEntry(body, reply);
    }
    if (method === 'GET' && path === '/system/members') {
      const activeOnly = /inactiveFlag\s*=\s*false/.test(q.get('conditions') ?? '');
      return reply(200, page(activeOnly ? members.filter((m) => !m.inactiveFlag) : members, q));
    }
    const memberMatch = /^\/system\/members\/(\d+)$/.exec(path);
    if (method === 'GET' && memberMatch) {
      const m = members.find((x) => x.id === Number(memberMatch[1]));
      return m
        ? reply(200, m)
        : cwError(reply, 404, 'NotFound', `Member with id ${memberMatch[1]} not found`);
    }
    return cwError(reply, 404, 'NotFound', `No endpoint ${method} ${path}`);
  }

  function patchTicket(ticket: FakeTicket, ops: any, reply: Reply) {
    if (!Array.isArray(ops)) return cwError(reply, 400, 'InvalidObject', 'Expected a JSON Patch array');
    for (const op of ops) {
      if (op?.op !== 'replace' || op.path !== 'status')
        return cwError(reply, 400, 'InvalidObject', `Unsupported patch ${JSON.stringify(op)}`);
      const wanted = op.value?.name as string | undefined;
      const name = BOARD_STATUSES.find((s) => s.toLowerCase() === String(wanted ?? '').toLowerCase());
      if (!name)
        return cwError(
          reply,
          400,
          'InvalidObject',
          'Status not found',
          `The status "${wanted}" was not found on board "${ticket.board.name}"`,
        );
      if (!state.ignoreStatusChanges) ticket.status = { id: BOARD_STATUSES.indexOf(name) + 1, name };
    }
    return reply(200, ticketJson(ticket));
  }

  function addNote(ticket: FakeTicket, body: any, reply: Reply) {
    if (typeof body?.text !== 'string' || !body.text.trim())
      return cwError(reply, 400, 'InvalidObject', 'Text is required', 'text');
    if (!body.detailDescriptionFlag && !body.internalAnalysisFlag && !body.resolutionFlag) {
      return cwError(
        reply,
        400,
        'InvalidObject',
        'At least one of detail description, internal analysis or resolution must be set',
        'detailDescriptionFlag',
      );
    }
    const note: FakeNote = {
      id: state.nextId++,
      ticketId: ticket.id,
      text: body.text,
      detailDescriptionFlag: Boolean(body.detailDescriptionFlag),
      internalAnalysisFlag: Boolean(body.internalAnalysisFlag),
      resolutionFlag: Boolean(body.resolutionFlag),
      processNotifications: body.processNotifications,
    };
    ticket.notes.push(note);
    return reply(201, note);
  }

  function addTimeEntry(body: any, reply: Reply) {
    if (body?.chargeToType !== 'ServiceTicket')
      return cwError(reply, 400, 'InvalidObject', 'chargeToType must be ServiceTicket here', 'chargeToType');
    if (!tickets.has(Number(body.chargeToId)))
      return cwError(reply, 400, 'InvalidObject', `Ticket ${body.chargeToId} not found`, 'chargeToId');
    const member = members.find((m) => m.id === body.member?.id && !m.inactiveFlag);
    if (!member) return cwError(reply, 400, 'InvalidObject', 'Member not found or inactive', 'member');
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
    if (!iso.test(body.timeStart ?? '') || !iso.test(body.timeEnd ?? ''))
      return cwError(
        reply,
        400,
        'InvalidObject',
        'timeStart and timeEnd must be UTC without fractions',
        'timeStart',
      );
    if (Date.parse(body.timeEnd) <= Date.parse(body.timeStart))
      return cwError(reply, 400, 'InvalidObject', 'timeEnd must be after timeStart', 'timeEnd');
    const entry: FakeTimeEntry = {
      id: state.nextId++,
      chargeToId: Number(body.chargeToId),
      chargeToType: body.chargeToType,
      member: { id: member.id, identifier: member.identifier },
      timeStart: body.timeStart,
      timeEnd: body.timeEnd,
      actualHours: Number(body.actualHours),
      notes: String(body.notes ?? ''),
    };
    timeEntries.push(entry);
    return reply(201, entry);
  }

  const fake = await startFakePsaServer({
    basePath: CW_API_PATH,
    errorBody: cwBody,
    authorize: (req) => req.headers.authorization === expectedAuth && req.headers.clientid === creds.clientId,
    handle: (req, reply) => route(req.method, req.path, req.query, req.body, reply),
  });

  return {
    ...fake,
    /** What an admin types as the site (the integration adds the API path). */
    siteUrl: fake.url,
    tickets,
    timeEntries,
    members,
    /** Answers 200 to status PATCHes but keeps the old status. */
    get ignoreStatusChanges() {
      return state.ignoreStatusChanges;
    },
    set ignoreStatusChanges(v: boolean) {
      state.ignoreStatusChanges = v;
    },
    /** The next `times` GETs matching `path` answer 429 with `Retry-After: retryAfter` (seconds or a date). */
    rateLimit(path: RegExp, times: number, retryAfter: string) {
      fake.rateLimit('GET', path, times, retryAfter);
    },
    addTicket(t: {
      id: number;
      summary: string;
      company: string;
      contact?: string | null;
      board?: string;
      status?: string;
      description?: string;
    }) {
      const ticket: FakeTicket = {
        id: t.id,
        summary: t.summary,
        company: { id: 250, identifier: t.company.replace(/\W+/g, ''), name: t.company },
        contact: t.contact === null ? null : { id: 77, name: t.contact ?? 'Pat Contact' },
        board: { id: 1, name: t.board ?? 'Service Desk' },
        status: { id: 1, name: t.status ?? 'New' },
        notes: [],
      };
      // A ticket's initial description is its first "detail description" note.
      if (t.description)
        ticket.notes.push({
          id: state.nextId++,
          ticketId: t.id,
          text: t.description,
          detailDescriptionFlag: true,
          internalAnalysisFlag: false,
          resolutionFlag: false,
        });
      tickets.set(t.id, ticket);
      return ticket;
    },
    /**
     * A closed ticket with its notes as ConnectWise flags them: the description first, then
     * resolution notes, internal analysis notes and customer-facing discussion.
     */
    addClosedTicket(t: {
      id: number;
      summary: string;
      closedDate: string;
      company?: string;
      board?: string;
      type?: string | null;
      description?: string;
      resolution?: string[];
      internal?: string[];
      discussion?: string[];
    }) {
      const ticket = this.addTicket({
        id: t.id,
        summary: t.summary,
        company: t.company ?? 'Harbor Dental',
        board: t.board,
        status: 'Closed',
        description: t.description,
      });
      ticket.closedFlag = true;
      ticket.closedDate = t.closedDate;
      ticket.type = t.type === null ? null : { id: 5, name: t.type ?? 'Incident' };
      const note = (text: string, flags: Partial<FakeNote>) =>
        ticket.notes.push({
          id: state.nextId++,
          ticketId: t.id,
          text,
          detailDescriptionFlag: false,
          internalAnalysisFlag: false,
          resolutionFlag: false,
          ...flags,
        });
      for (const text of t.internal ?? []) note(text, { internalAnalysisFlag: true });
      for (const text of t.discussion ?? []) note(text, { detailDescriptionFlag: true });
      for (const text of t.resolution ?? []) note(text, { resolutionFlag: true });
      return ticket;
    },
  };
}

export type FakeConnectWise = Awaited<ReturnType<typeof startFakeConnectWise>>;
