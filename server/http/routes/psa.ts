import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { PsaConnectionRow, MemberLinkRow } from '../../modules/psa/psa.repo';
import {
  LinkMemberBody,
  MemberLink,
  PsaChoices,
  PsaConnection,
  PsaMember,
  PsaStatus,
  PsaTestResult,
  PsaTicket,
  SaveConnectionBody,
  TicketParam,
  UserIdParam,
} from '../../modules/psa/psa.schemas';
import * as psa from '../../modules/psa/psa.service';
import { presentImport } from '../../modules/knowledge/imports.presenter';
import {
  HistoryImport,
  StartHistoryImportBody,
} from '../../modules/psa/history-import/history-import.schemas';
import * as history from '../../modules/psa/history-import/history-import.service';
import { ctxOf } from '../middleware/auth';
import {
  commonErrors,
  cookieAuth,
  createRouter,
  errorResponse,
  IdParam,
  jsonBody,
  jsonResponse,
  orNull,
} from '../openapi';
import type { AppEnv } from '../types';

const tags = ['psa'];
const env = (c: Context<AppEnv>) => ({ config: c.get('deps').config, logger: c.get('deps').logger });
const psaErrors = {
  409: errorResponse('No PSA connection (PSA_NOT_CONNECTED)'),
  422: errorResponse('The PSA refused the credentials or the request (PSA_AUTH_FAILED, PSA_REJECTED)'),
  502: errorResponse('The PSA failed or could not be reached (PSA_UNAVAILABLE)'),
};

/** The keys are write-only: a hint of the public key and a flag for the private one. */
const presentConnection = (r: PsaConnectionRow) => ({
  provider: r.provider,
  enabled: r.enabled,
  site_url: r.site_url,
  company_id: r.company_id,
  public_key: r.public_key_hint === null ? null : `…${r.public_key_hint}`,
  has_private_key: r.provider === 'connectwise',
  client_id: r.client_id,
  auth_url: r.auth_url,
  tenant: r.tenant,
  username: r.username,
  has_secret: r.has_secret,
  note_type: r.note_type,
  escalated_status: r.escalated_status,
  resolved_status: r.resolved_status,
  resolution_note_visibility: r.resolution_note_visibility,
  post_time_entry: r.post_time_entry,
  last_test: r.last_test_at
    ? { at: r.last_test_at.toISOString(), ok: Boolean(r.last_test_ok), error: r.last_test_error }
    : null,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

const presentLink = (l: MemberLinkRow) => ({
  user_id: l.user_id,
  name: l.name,
  email: l.email,
  role: l.role,
  psa_member:
    l.member_id === null
      ? null
      : { id: l.member_id, identifier: l.member_identifier ?? '', name: l.member_name ?? '' },
});

const status = createRoute({
  method: 'get',
  path: '/psa/status',
  tags,
  security: cookieAuth,
  summary: 'Whether the account has an enabled PSA connection (any member): the intake and resolve forms ask',
  responses: { 200: jsonResponse(PsaStatus, 'Status'), ...commonErrors },
});
const ticket = createRoute({
  method: 'get',
  path: '/psa/tickets/{number}',
  tags,
  security: cookieAuth,
  summary:
    'Look up a PSA ticket to pre-fill a new session: summary, company, contact, board, status, initial description (tech and above)',
  request: { params: TicketParam },
  responses: {
    200: jsonResponse(z.object({ ticket: PsaTicket }), 'The ticket'),
    ...commonErrors,
    ...psaErrors,
  },
});
const getConnection = createRoute({
  method: 'get',
  path: '/psa/connection',
  tags,
  security: cookieAuth,
  summary:
    'The account’s PSA connection: ConnectWise, HaloPSA or Autotask (admin, owner); keys and secrets never returned',
  responses: {
    200: jsonResponse(z.object({ connection: orNull(PsaConnection) }), 'Connection, or null'),
    ...commonErrors,
  },
});
const saveConnection = createRoute({
  method: 'put',
  path: '/psa/connection',
  tags,
  security: cookieAuth,
  summary:
    'Create or update the PSA connection (provider connectwise, halopsa or autotask; connectwise when left out) and the status and note choices (admin, owner). Leave the keys out to keep them; switching provider needs the new one’s secrets and cancels writes still waiting for the old one.',
  request: { body: jsonBody(SaveConnectionBody) },
  responses: { 200: jsonResponse(z.object({ connection: PsaConnection }), 'Saved'), ...commonErrors },
});
const deleteConnection = createRoute({
  method: 'delete',
  path: '/psa/connection',
  tags,
  security: cookieAuth,
  summary: 'Remove the connection and its member links (admin, owner); PSA writes not yet sent end as dead',
  responses: { 204: { description: 'Removed' }, ...commonErrors },
});
const testConnection = createRoute({
  method: 'post',
  path: '/psa/connection/test',
  tags,
  security: cookieAuth,
  summary: 'Call the PSA with the saved credentials now and report whether it accepted them (admin, owner)',
  responses: {
    200: jsonResponse(PsaTestResult, 'Outcome (ok false with the reason when it failed)'),
    ...commonErrors,
    409: psaErrors[409],
  },
});
const memberLinks = createRoute({
  method: 'get',
  path: '/psa/members',
  tags,
  security: cookieAuth,
  summary: 'Members of the account with the PSA member each is linked to (admin, owner)',
  responses: { 200: jsonResponse(z.object({ items: z.array(MemberLink) }), 'Links'), ...commonErrors },
});
const remoteMembers = createRoute({
  method: 'get',
  path: '/psa/remote-members',
  tags,
  security: cookieAuth,
  summary:
    'Active members of the PSA (ConnectWise members, HaloPSA agents, Autotask resources), to link to (admin, owner)',
  responses: {
    200: jsonResponse(z.object({ items: z.array(PsaMember) }), 'PSA members'),
    ...commonErrors,
    ...psaErrors,
  },
});
const link = createRoute({
  method: 'put',
  path: '/psa/members/{user_id}',
  tags,
  security: cookieAuth,
  summary: 'Link a member to a PSA member, checked against the PSA (admin, owner)',
  request: { params: UserIdParam, body: jsonBody(LinkMemberBody) },
  responses: { 200: jsonResponse(z.object({ link: MemberLink }), 'Linked'), ...commonErrors, ...psaErrors },
});
const unlink = createRoute({
  method: 'delete',
  path: '/psa/members/{user_id}',
  tags,
  security: cookieAuth,
  summary: 'Remove a member’s link to the connected PSA (admin, owner)',
  request: { params: UserIdParam },
  responses: { 204: { description: 'Unlinked' }, ...commonErrors },
});
const choices = createRoute({
  method: 'get',
  path: '/psa/choices',
  tags,
  security: cookieAuth,
  summary:
    'Statuses and note types (HaloPSA outcomes, Autotask note types) the connected PSA lists, for the settings pickers (admin, owner)',
  responses: { 200: jsonResponse(PsaChoices, 'Choices'), ...commonErrors, ...psaErrors },
});
const startHistoryImport = createRoute({
  method: 'post',
  path: '/psa/history-import',
  tags,
  security: cookieAuth,
  summary:
    'Import the PSA’s closed tickets (since a date, default a year back) with their resolution and internal notes as knowledge; runs in the background, tickets already imported are skipped (admin, owner)',
  request: { body: { ...jsonBody(StartHistoryImportBody), required: false } },
  responses: {
    202: jsonResponse(z.object({ import: HistoryImport }), 'Queued'),
    ...commonErrors,
    409: errorResponse(
      'No enabled PSA connection (PSA_NOT_CONNECTED), or an import is already running (IMPORT_RUNNING, with import_id)',
    ),
  },
});
const getHistoryImport = createRoute({
  method: 'get',
  path: '/psa/history-import/{id}',
  tags,
  security: cookieAuth,
  summary: 'Progress of a PSA history import: total, done, imported, skipped, failed (admin, owner)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(z.object({ import: HistoryImport }), 'The import'), ...commonErrors },
});

export const psaRoutes = createRouter()
  .openapi(status, async (c) => c.json(await psa.psaStatus(ctxOf(c)), 200))
  .openapi(ticket, async (c) =>
    c.json({ ticket: await psa.lookupTicket(ctxOf(c), env(c), c.req.valid('param').number) }, 200),
  )
  .openapi(getConnection, async (c) => {
    const row = await psa.getConnection(ctxOf(c));
    return c.json({ connection: row ? presentConnection(row) : null }, 200);
  })
  .openapi(saveConnection, async (c) =>
    c.json(
      { connection: presentConnection(await psa.saveConnection(ctxOf(c), env(c), c.req.valid('json'))) },
      200,
    ),
  )
  .openapi(deleteConnection, async (c) => {
    await psa.deleteConnection(ctxOf(c));
    return c.body(null, 204);
  })
  .openapi(testConnection, async (c) => c.json(await psa.testConnection(ctxOf(c), env(c)), 200))
  .openapi(memberLinks, async (c) =>
    c.json({ items: (await psa.listMemberLinks(ctxOf(c))).map(presentLink) }, 200),
  )
  .openapi(choices, async (c) => c.json(await psa.listChoices(ctxOf(c), env(c)), 200))
  .openapi(remoteMembers, async (c) => c.json({ items: await psa.listPsaMembers(ctxOf(c), env(c)) }, 200))
  .openapi(link, async (c) =>
    c.json(
      {
        link: presentLink(
          await psa.linkMember(ctxOf(c), env(c), c.req.valid('param').user_id, c.req.valid('json').member_id),
        ),
      },
      200,
    ),
  )
  .openapi(unlink, async (c) => {
    await psa.unlinkMember(ctxOf(c), c.req.valid('param').user_id);
    return c.body(null, 204);
  })
  .openapi(startHistoryImport, async (c) => {
    // The body is optional: no body (or no `since`) reaches back a year.
    const body = (c.req.valid('json') as { since?: string } | undefined) ?? {};
    const row = await history.startHistoryImport(ctxOf(c), body);
    return c.json({ import: presentImport(row) }, 202);
  })
  .openapi(getHistoryImport, async (c) =>
    c.json({ import: presentImport(await history.getHistoryImport(ctxOf(c), c.req.valid('param').id)) }, 200),
  );
