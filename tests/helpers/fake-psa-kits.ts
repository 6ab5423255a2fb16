import { AT_NOTE_TYPES, AT_STATUSES, startFakeAutotask, type FakeAutotask } from './fake-autotask';
import { HALO_OUTCOMES, HALO_STATUSES, startFakeHaloPsa, type FakeHaloPsa } from './fake-halopsa';

/**
 * The HaloPSA and Autotask stand-ins behind one shape, so one suite can drive both providers
 * through the product's API (tests/integration/psa-providers.test.ts): how to connect, what a
 * ticket's status and notes look like in each PSA, and where to inject failures.
 */

export const HALO_CREDS = {
  clientId: 'halo-client-0001',
  clientSecret: 'h4lo-S3cret_with.symbols!',
  tenant: 'harborit',
};
export const AT_CREDS = {
  username: 'api-user@harborit.example',
  secret: 'At$ecret*2026#xyz',
  integrationCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ1',
};

export type KitNote = { text: string; internal: boolean };

export type PsaKit = {
  provider: 'halopsa' | 'autotask';
  label: string;
  /** App settings the stand-in needs (Autotask's zone discovery address). */
  env: Record<string, string>;
  /** The PUT /psa/connection body with the stand-in's credentials. */
  connection: (extra?: Record<string, unknown>) => Record<string, unknown>;
  /** The same with a wrong secret. */
  wrongSecret: () => Record<string, unknown>;
  /** The body field that carries the secret (for "missing secret" checks). */
  secretField: string;
  addTicket: (id: number, summary: string, description: string) => void;
  addClosedTicket: (t: {
    id: number;
    summary: string;
    closedAt: string;
    description: string;
    resolution: string;
    internal: string;
  }) => void;
  statusOf: (ticket: number) => string;
  notesOf: (ticket: number) => KitNote[];
  timeOf: (ticket: number) => { hours: number; member: number; text: string }[];
  statuses: string[];
  noteTypes: string[];
  /** An active member whose time can be booked, and an inactive one. */
  member: number;
  inactiveMember: number;
  set ignoreStatusChanges(v: boolean);
  /** Path patterns of the stand-in's API. */
  paths: { ticket: RegExp; writeNote: RegExp; writeNoteMethod: string; list: RegExp; listMethod: string };
  fail: (method: string, path: RegExp, status: number, times?: number) => void;
  rateLimit: (method: string, path: RegExp, times: number, retryAfter: string) => void;
  clearFailures: () => void;
  requestCount: () => number;
  close: () => Promise<void>;
};

export async function haloKit(): Promise<PsaKit & { fake: FakeHaloPsa }> {
  const fake = await startFakeHaloPsa(HALO_CREDS);
  const statusName = (id: number) => HALO_STATUSES.find((s) => s.id === id)?.name ?? '?';
  return {
    provider: 'halopsa',
    label: 'HaloPSA',
    fake,
    env: {},
    connection: (extra = {}) => ({
      provider: 'halopsa',
      site_url: fake.apiUrl,
      auth_url: fake.authUrl,
      client_id: HALO_CREDS.clientId,
      client_secret: HALO_CREDS.clientSecret,
      tenant: HALO_CREDS.tenant,
      ...extra,
    }),
    wrongSecret: () => ({
      provider: 'halopsa',
      site_url: fake.apiUrl,
      auth_url: fake.authUrl,
      client_id: HALO_CREDS.clientId,
      client_secret: 'not-the-secret',
      tenant: HALO_CREDS.tenant,
    }),
    secretField: 'client_secret',
    addTicket: (id, summary, details) => void fake.addTicket({ id, summary, details: `<p>${details}</p>` }),
    addClosedTicket: (t) =>
      void fake.addClosedTicket({
        id: t.id,
        summary: t.summary,
        dateclosed: t.closedAt,
        details: t.description,
        resolution: t.resolution,
        internal: [t.internal],
        visible: ['Customer: thanks!'],
      }),
    statusOf: (ticket) => statusName(fake.tickets.get(ticket)!.status_id),
    notesOf: (ticket) =>
      fake.actions
        .filter((a) => a.ticket_id === ticket && a.timetaken === 0 && a.new_status === null)
        .map((a) => ({ text: a.note, internal: a.hiddenfromuser })),
    timeOf: (ticket) =>
      fake.actions
        .filter((a) => a.ticket_id === ticket && a.timetaken > 0)
        .map((a) => ({ hours: a.timetaken, member: a.who_agentid!, text: a.note })),
    statuses: HALO_STATUSES.map((s) => s.name),
    noteTypes: HALO_OUTCOMES.map((o) => o.outcome),
    member: 31,
    inactiveMember: 33,
    set ignoreStatusChanges(v: boolean) {
      fake.ignoreStatusChanges = v;
    },
    paths: {
      ticket: /^\/api\/tickets\/\d+$/,
      writeNote: /^\/api\/actions$/,
      writeNoteMethod: 'POST',
      list: /^\/api\/tickets$/,
      listMethod: 'GET',
    },
    fail: (method, path, status, times) => fake.fail(method, path, status, times),
    rateLimit: (method, path, times, retryAfter) => fake.rateLimit(method, path, times, retryAfter),
    clearFailures: () => fake.clearFailures(),
    requestCount: () => fake.requests.length,
    close: () => fake.close(),
  };
}

export async function autotaskKit(): Promise<PsaKit & { fake: FakeAutotask }> {
  const fake = await startFakeAutotask(AT_CREDS);
  const statusName = (v: number) => AT_STATUSES.find(([id]) => id === v)?.[1] ?? '?';
  return {
    provider: 'autotask',
    label: 'Autotask',
    fake,
    env: { AUTOTASK_ZONE_DISCOVERY_URL: fake.discoveryUrl },
    connection: (extra = {}) => ({
      provider: 'autotask',
      username: AT_CREDS.username,
      secret: AT_CREDS.secret,
      integration_code: AT_CREDS.integrationCode,
      ...extra,
    }),
    wrongSecret: () => ({
      provider: 'autotask',
      username: AT_CREDS.username,
      secret: 'not-the-secret',
      integration_code: AT_CREDS.integrationCode,
    }),
    secretField: 'secret',
    addTicket: (id, title, description) => void fake.addTicket({ id, title, description }),
    addClosedTicket: (t) =>
      void fake.addClosedTicket({
        id: t.id,
        title: t.summary,
        completedDate: t.closedAt,
        description: t.description,
        resolution: t.resolution,
        internal: [t.internal],
        visible: ['Customer: thanks!'],
      }),
    statusOf: (ticket) => statusName(fake.tickets.get(ticket)!.status),
    notesOf: (ticket) =>
      fake.notes
        .filter((n) => n.ticketID === ticket)
        .map((n) => ({ text: n.description, internal: n.publish === 2 })),
    timeOf: (ticket) =>
      fake.timeEntries
        .filter((e) => e.ticketID === ticket)
        .map((e) => ({ hours: e.hoursWorked, member: e.resourceID, text: e.summaryNotes })),
    statuses: AT_STATUSES.map(([, label]) => label),
    noteTypes: AT_NOTE_TYPES.map(([, label]) => label),
    member: 29682885,
    inactiveMember: 29682887,
    set ignoreStatusChanges(v: boolean) {
      fake.ignoreStatusChanges = v;
    },
    paths: {
      ticket: /\/v1\.0\/Tickets\/\d+$/,
      writeNote: /\/v1\.0\/Tickets\/\d+\/Notes$/,
      writeNoteMethod: 'POST',
      list: /\/v1\.0\/Tickets\/query(\/next)?$/,
      listMethod: 'POST',
    },
    fail: (method, path, status, times) => fake.fail(method, path, status, times),
    rateLimit: (method, path, times, retryAfter) => fake.rateLimit(method, path, times, retryAfter),
    clearFailures: () => fake.clearFailures(),
    requestCount: () => fake.requests.length,
    close: () => fake.close(),
  };
}
