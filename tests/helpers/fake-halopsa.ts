import { randomBytes } from 'node:crypto';
import { startFakePsaServer, type RecordedRequest, type Reply } from './fake-psa-server';

/**
 * A HaloPSA stand-in on 127.0.0.1, written from HaloPSA's public API reference, speaking what the
 * integration uses:
 * - the authorisation server: `POST /auth/token` (form: grant_type=client_credentials, client_id,
 *   client_secret, scope=all; `?tenant=` for hosted tenants) → `{access_token, token_type, expires_in}`,
 *   a wrong client → 401 `invalid_client`;
 * - the resource server under /api with `Authorization: Bearer`: tickets (`/api/tickets/{id}`, the
 *   list with closed_only, datesearch (the column: `datecleared` for the closing date, `dateoccured`
 *   for the opening one; the answer's field is `dateclosed`), startdate/enddate, order/orderdesc,
 *   pageinate, page_size up to 100 and page_no), actions (list by ticket_id, create: note, outcome,
 *   hiddenfromuser, timetaken in hours, new_status, who_agentid, actionarrivaldate,
 *   actioncompletiondate), statuses, outcomes and agents. Sources: docs/PSA-PROVIDERS.md.
 *
 * Tests can make it keep the status of an action that asks for a new one (a workflow can), revoke
 * every token (the next API call answers 401), shorten token lifetimes, and fail or rate-limit chosen
 * requests (see fake-psa-server.ts).
 */

export type HaloFakeCredentials = { clientId: string; clientSecret: string; tenant?: string };
export type HaloTicket = {
  id: number;
  summary: string;
  details: string;
  client_name: string;
  user_name: string | null;
  team: string;
  status_id: number;
  tickettype_name: string;
  dateclosed: string | null;
};
export type HaloAction = {
  id: number;
  ticket_id: number;
  note: string;
  outcome: string;
  hiddenfromuser: boolean;
  timetaken: number;
  who_agentid: number | null;
  new_status: number | null;
  actionarrivaldate?: string;
  actioncompletiondate?: string;
};
export type HaloAgent = { id: number; name: string; email: string; isdisabled: boolean };

/** The tenant's statuses (ids are the tenant's own; 9 is "Closed"). */
export const HALO_STATUSES = [
  { id: 1, name: 'New', type: 0 },
  { id: 2, name: 'In Progress', type: 0 },
  { id: 21, name: 'Escalated', type: 0 },
  { id: 4, name: 'Waiting on Client', type: 0 },
  { id: 22, name: 'Resolved', type: 0 },
  { id: 9, name: 'Closed', type: 1 },
];
export const HALO_OUTCOMES = [
  { id: 7, outcome: 'Private Note' },
  { id: 8, outcome: 'Update Customer' },
  { id: 9, outcome: 'Resolved' },
];
const MAX_PAGE = 100;

export async function startFakeHaloPsa(creds: HaloFakeCredentials) {
  const tickets = new Map<number, HaloTicket>();
  const actions: HaloAction[] = [];
  const agents: HaloAgent[] = [
    { id: 31, name: 'Jo Senior', email: 'jo@msp.example', isdisabled: false },
    { id: 32, name: 'Toni Tech', email: 'toni@msp.example', isdisabled: false },
    { id: 33, name: 'Former Agent', email: 'former@msp.example', isdisabled: true },
  ];
  const tokens = new Map<string, number>();
  const state = { ignoreStatusChanges: false, tokenLifetimeS: 3600, nextId: 5000, tokensIssued: 0 };

  const haloError = (status: number, message: string) => ({ ClassName: 'Error', message, status });

  function token(req: RecordedRequest, reply: Reply) {
    const b = req.body ?? {};
    if (b.grant_type !== 'client_credentials') return reply(400, { error: 'unsupported_grant_type' });
    if (b.client_id !== creds.clientId || b.client_secret !== creds.clientSecret)
      return reply(401, { error: 'invalid_client', error_description: 'Invalid client credentials' });
    if ((creds.tenant ?? null) !== (req.query.get('tenant') ?? null))
      return reply(400, { error: 'invalid_request', error_description: 'Unknown tenant' });
    if (b.scope !== 'all') return reply(400, { error: 'invalid_scope' });
    const t = randomBytes(16).toString('hex');
    tokens.set(t, Date.now() + state.tokenLifetimeS * 1000);
    state.tokensIssued++;
    return reply(200, {
      access_token: t,
      token_type: 'Bearer',
      expires_in: state.tokenLifetimeS,
      scope: 'all',
    });
  }

  const authorised = (req: RecordedRequest) => {
    const t = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const until = t ? tokens.get(t) : undefined;
    return until !== undefined && until > Date.now();
  };

  function listTickets(q: URLSearchParams, reply: Reply) {
    let rows = [...tickets.values()];
    if (q.get('closed_only') === 'true') rows = rows.filter((t) => t.dateclosed);
    // Any other datesearch value filters nothing here, so a wrong column name shows in the counts.
    if (q.get('datesearch') === 'datecleared') {
      const from = q.get('startdate') ? Date.parse(q.get('startdate')!) : -Infinity;
      const to = q.get('enddate') ? Date.parse(q.get('enddate')!) : Infinity;
      if (Number.isNaN(from) || Number.isNaN(to)) return reply(400, haloError(400, 'Invalid date'));
      rows = rows.filter(
        (t) => t.dateclosed && Date.parse(t.dateclosed) >= from && Date.parse(t.dateclosed) <= to,
      );
    }
    if (q.get('order') === 'id')
      rows.sort((a, b) => (q.get('orderdesc') === 'true' ? b.id - a.id : a.id - b.id));
    const size = Math.min(Number(q.get('page_size') ?? 50), MAX_PAGE);
    const page = Math.max(Number(q.get('page_no') ?? 1), 1);
    const paged = q.get('pageinate') === 'true' ? rows.slice((page - 1) * size, page * size) : rows;
    return reply(200, { page_no: page, page_size: size, record_count: rows.length, tickets: paged });
  }

  function addActions(body: any, reply: Reply) {
    if (!Array.isArray(body)) return reply(400, haloError(400, 'Expected an array of actions'));
    const created: HaloAction[] = [];
    for (const a of body) {
      const ticket = tickets.get(Number(a?.ticket_id));
      if (!ticket) return reply(400, haloError(400, `Ticket ${a?.ticket_id} does not exist`));
      if (!HALO_OUTCOMES.some((o) => o.outcome === a.outcome))
        return reply(400, haloError(400, `Outcome '${a.outcome}' does not exist`));
      if (a.new_status !== undefined && !HALO_STATUSES.some((s) => s.id === a.new_status))
        return reply(400, haloError(400, `Status ${a.new_status} does not exist`));
      const timetaken = Number(a.timetaken ?? 0);
      if (!(timetaken >= 0))
        return reply(400, haloError(400, 'timetaken must be a positive number of hours'));
      if (timetaken > 0 && !agents.some((g) => g.id === a.who_agentid && !g.isdisabled))
        return reply(400, haloError(400, 'who_agentid must be an active agent for time'));
      const action: HaloAction = {
        id: state.nextId++,
        ticket_id: ticket.id,
        note: String(a.note ?? ''),
        outcome: a.outcome,
        hiddenfromuser: Boolean(a.hiddenfromuser),
        timetaken,
        who_agentid: a.who_agentid ?? null,
        new_status: a.new_status ?? null,
        actionarrivaldate: a.actionarrivaldate,
        actioncompletiondate: a.actioncompletiondate,
      };
      if (action.new_status !== null && !state.ignoreStatusChanges) ticket.status_id = action.new_status;
      actions.push(action);
      created.push(action);
    }
    return reply(201, created.length === 1 ? created[0] : created);
  }

  function api(req: RecordedRequest, path: string, reply: Reply) {
    const { method, query: q } = req;
    if (method === 'GET' && path === '/status') return reply(200, HALO_STATUSES);
    if (method === 'GET' && path === '/outcome') return reply(200, HALO_OUTCOMES);
    if (method === 'GET' && path === '/agent') return reply(200, agents);
    const agent = /^\/agent\/(\d+)$/.exec(path);
    if (method === 'GET' && agent) {
      const found = agents.find((a) => a.id === Number(agent[1]));
      return found ? reply(200, found) : reply(404, haloError(404, 'Agent not found'));
    }
    if (method === 'GET' && path === '/tickets') return listTickets(q, reply);
    const ticket = /^\/tickets\/(\d+)$/.exec(path);
    if (method === 'GET' && ticket) {
      const found = tickets.get(Number(ticket[1]));
      return found ? reply(200, found) : reply(404, haloError(404, `Ticket ${ticket[1]} not found`));
    }
    if (method === 'GET' && path === '/actions') {
      const id = Number(q.get('ticket_id'));
      if (!tickets.has(id)) return reply(404, haloError(404, `Ticket ${q.get('ticket_id')} not found`));
      const rows = actions.filter((a) => a.ticket_id === id).sort((a, b) => b.id - a.id);
      const count = q.get('count') ? Number(q.get('count')) : rows.length;
      return reply(200, { record_count: rows.length, actions: rows.slice(0, count) });
    }
    if (method === 'POST' && path === '/actions') return addActions(req.body, reply);
    return reply(404, haloError(404, `No endpoint ${method} ${path}`));
  }

  const fake = await startFakePsaServer({
    errorBody: haloError,
    handle(req, reply) {
      if (req.method === 'POST' && req.path === '/auth/token') return token(req, reply);
      if (!req.path.startsWith('/api/')) return reply(404, haloError(404, 'Not found'));
      if (!authorised(req)) return reply(401, haloError(401, 'Unauthorized'));
      return api(req, req.path.slice('/api'.length), reply);
    },
  });

  return {
    ...fake,
    /** What an admin types as the resource server and the authorisation server. */
    apiUrl: fake.url,
    authUrl: `${fake.url}/auth`,
    tickets,
    actions,
    agents,
    get tokensIssued() {
      return state.tokensIssued;
    },
    /** Accepts actions asking for a new status but keeps the old one. */
    get ignoreStatusChanges() {
      return state.ignoreStatusChanges;
    },
    set ignoreStatusChanges(v: boolean) {
      state.ignoreStatusChanges = v;
    },
    set tokenLifetimeS(v: number) {
      state.tokenLifetimeS = v;
    },
    /** Every issued token stops working (the next API call answers 401). */
    revokeTokens() {
      tokens.clear();
    },
    addTicket(t: Partial<HaloTicket> & { id: number; summary: string }) {
      const ticket: HaloTicket = {
        details: '',
        client_name: 'Harbor Dental',
        user_name: 'Dana Front Desk',
        team: 'Service Desk',
        status_id: 1,
        tickettype_name: 'Incident',
        dateclosed: null,
        ...t,
      };
      tickets.set(ticket.id, ticket);
      return ticket;
    },
    /** A closed ticket with its actions: resolution (outcome "Resolved"), internal and visible notes. */
    addClosedTicket(t: {
      id: number;
      summary: string;
      dateclosed: string;
      details?: string;
      team?: string;
      resolution?: string;
      internal?: string[];
      visible?: string[];
    }) {
      const ticket = this.addTicket({
        id: t.id,
        summary: t.summary,
        details: t.details ?? '',
        team: t.team ?? 'Service Desk',
        status_id: 9,
        dateclosed: t.dateclosed,
      });
      const action = (note: string, outcome: string, hidden: boolean) =>
        actions.push({
          id: state.nextId++,
          ticket_id: t.id,
          note,
          outcome,
          hiddenfromuser: hidden,
          timetaken: 0,
          who_agentid: 31,
          new_status: null,
        });
      for (const n of t.internal ?? []) action(n, 'Private Note', true);
      for (const n of t.visible ?? []) action(n, 'Update Customer', false);
      if (t.resolution) action(t.resolution, 'Resolved', false);
      return ticket;
    },
  };
}

export type FakeHaloPsa = Awaited<ReturnType<typeof startFakeHaloPsa>>;
