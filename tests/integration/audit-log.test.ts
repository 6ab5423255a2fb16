import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { insertAudit } from '../../server/modules/audit/audit.repo';
import { CSV_MAX_ROWS } from '../../server/modules/audit/audit.service';
import { createTestApp, type TestApp } from '../helpers/app';
import { manualClock } from '../helpers/clock';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';
import { addMember, sessionFor } from '../helpers/security/members';
import type { TestClient } from '../helpers/test-client';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** SPEC §16: owners and admins read (and export) their account's audit log, filtered and paged. */
describe(`audit log (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let testApp: TestApp;
  let acct: Awaited<ReturnType<typeof createTestAccount<keyof typeof ALL_ROLES>>>;
  let other: Awaited<ReturnType<typeof createTestAccount<'owner'>>>;
  const c = {} as Record<keyof typeof ALL_ROLES, TestClient>;
  let otherOwner: TestClient;
  /** Day 0 at 00:00 UTC, ten days back: the sessions made below (24 h, real time) stay valid throughout. */
  const day0 = new Date(Math.floor((Date.now() - 10 * DAY) / DAY) * DAY);
  const date = (days: number) => new Date(day0.getTime() + days * DAY).toISOString().slice(0, 10);
  const clock = manualClock(new Date(day0.getTime() + 10 * HOUR));
  let plaintextToken: string;
  let techId: string;
  const SECRET = 'rf_live_should_never_show_9c2f';

  beforeAll(async () => {
    t = await createTestDatabase();
    testApp = createTestApp(t.db, { clock: clock.now });
    acct = await createTestAccount(t.db, ALL_ROLES, 'Audit MSP');
    other = await createTestAccount(t.db, { owner: 'owner' }, 'Other MSP');
    for (const role of Object.keys(ALL_ROLES) as (keyof typeof ALL_ROLES)[]) {
      c[role] = await sessionFor(testApp.app, t.db, { id: acct.users[role].id, accountId: acct.accountId });
    }
    otherOwner = await sessionFor(testApp.app, t.db, {
      id: other.users.owner.id,
      accountId: other.accountId,
    });
    // A spreadsheet would run this name as a formula, and its `;` splits cells in some locales.
    await t.db.query(`UPDATE users SET name = '=SUM(1;2)' WHERE id = $1`, [acct.users.admin.id]);

    // Day 0, 10:00: two tokens in the same millisecond (paging must not lose or repeat either).
    const token = await c.owner.post('/api/v1/tokens', { name: 'CI' });
    expect(token.status, token.text).toBe(201);
    plaintextToken = token.body.token;
    expect((await c.owner.post('/api/v1/tokens', { name: 'Backup' })).status).toBe(201);
    // Day 0, 11:00: the owner makes a tech an engineer.
    clock.advance(HOUR);
    techId = (await addMember(t.db, acct.accountId, 'tech', 'promoted')).id;
    const promoted = await c.owner.patch(`/api/v1/members/${techId}`, { role: 'engineer' });
    expect(promoted.status, promoted.text).toBe(200);
    // Day 2, 09:00: the admin adds a channel whose name holds a separator.
    clock.advance(2 * DAY - 2 * HOUR);
    const channel = await c.admin.post('/api/v1/channels', {
      kind: 'email',
      name: 'Desk; night shift',
      target: 'desk@example.test',
    });
    expect(channel.status, channel.text).toBe(201);
    // Day 4, 12:00: the owner signs out a second browser, and an entry that (wrongly) carries secrets.
    clock.advance(2 * DAY + 3 * HOUR);
    const second = await sessionFor(testApp.app, t.db, {
      id: acct.users.owner.id,
      accountId: acct.accountId,
    });
    const sessions = await second.get('/api/v1/me/sessions');
    const secondId = sessions.body.items.find((s: { current: boolean }) => s.current).id;
    expect((await c.owner.delete(`/api/v1/me/sessions/${secondId}`)).status).toBe(204);
    await withTenant(t.db, acct.accountId, (tx) =>
      insertAudit(
        tx,
        {
          accountId: acct.accountId,
          actorUserId: null,
          action: 'test.secret_probe',
          targetType: 'account',
          targetId: acct.accountId,
          details: {
            token: SECRET,
            recovery_codes_left: 3,
            nested: { client_secret: SECRET },
            codes: [SECRET],
          },
        },
        clock.now(),
      ),
    );
  });
  afterAll(async () => {
    await testApp.assessments.stop();
    await t.drop();
  });

  const list = async (query = '', client = c.owner) => {
    const res = await client.get(`/api/v1/audit-log${query}`);
    expect(res.status, res.text).toBe(200);
    return res.body as { items: any[]; next_cursor: string | null };
  };
  const actions = (body: { items: { action: string }[] }) => body.items.map((i) => i.action);

  it('lists the account’s entries newest first with actor, target and details', async () => {
    const body = await list();
    // account.created is stamped with the real time, after the clock's days.
    expect(actions(body)).toEqual([
      'account.created',
      'test.secret_probe',
      'auth_session.revoked',
      'channel.created',
      'member.updated',
      'api_token.created',
      'api_token.created',
    ]);
    expect(body.next_cursor).toBeNull();
    expect(body.items[0].actor).toBeNull();
    const promoted = body.items.find((i) => i.action === 'member.updated');
    expect(promoted).toEqual({
      id: expect.stringMatching(/^\d+$/),
      created_at: new Date(day0.getTime() + 11 * HOUR).toISOString(),
      action: 'member.updated',
      actor: { id: acct.users.owner.id, name: acct.users.owner.name, email: acct.users.owner.email },
      target_type: 'user',
      target_id: techId,
      details: { before: { role: 'tech', is_active: true }, after: { role: 'engineer' } },
    });
    // The admin's odd name comes back as it is: JSON needs no defusing.
    expect(body.items.find((i) => i.action === 'channel.created').actor.name).toBe('=SUM(1;2)');
  });

  it('never shows a secret: the new token’s value is absent and secret-like details are masked', async () => {
    const res = await c.owner.get('/api/v1/audit-log');
    expect(res.text).not.toContain(plaintextToken);
    expect(res.text).not.toContain(SECRET);
    const probe = res.body.items.find((i: { action: string }) => i.action === 'test.secret_probe');
    expect(probe.details).toEqual({
      token: '[redacted]',
      recovery_codes_left: 3,
      nested: { client_secret: '[redacted]' },
      codes: '[redacted]',
    });
    const csv = await c.owner.get('/api/v1/audit-log.csv');
    expect(csv.text).not.toContain(SECRET);
    expect(csv.text).not.toContain(plaintextToken);
  });

  it('filters by action (exact or prefix), actor, target type and dates', async () => {
    expect(actions(await list('?action=api_token.created'))).toEqual([
      'api_token.created',
      'api_token.created',
    ]);
    expect(actions(await list('?action=api_token'))).toEqual([]);
    expect(actions(await list('?action=member.'))).toEqual(['member.updated']);
    expect(actions(await list(`?actor=${acct.users.admin.id}`))).toEqual(['channel.created']);
    expect(actions(await list(`?actor=${acct.users.owner.id}&action=auth_session.`))).toEqual([
      'auth_session.revoked',
    ]);
    expect(actions(await list('?target_type=user'))).toEqual(['member.updated']);
    // Dates are whole UTC days, both ends included.
    expect(actions(await list(`?from=${date(2)}&to=${date(2)}`))).toEqual(['channel.created']);
    expect(actions(await list(`?from=${date(0)}&to=${date(2)}`))).toEqual([
      'channel.created',
      'member.updated',
      'api_token.created',
      'api_token.created',
    ]);
    expect(actions(await list(`?from=${date(3)}&to=${date(4)}`))).toEqual([
      'test.secret_probe',
      'auth_session.revoked',
    ]);
    expect(actions(await list(`?to=${date(1)}`))).toHaveLength(3);
    // Date-times bound to the instant: 11:00 itself is included at either end.
    const eleven = encodeURIComponent(new Date(day0.getTime() + 11 * HOUR).toISOString());
    expect(actions(await list(`?from=${eleven}&to=${eleven}`))).toEqual(['member.updated']);
    expect(actions(await list(`?from=${date(5)}&to=${date(6)}`))).toEqual([]);
  });

  it('pages by cursor without losing or repeating entries that share a timestamp', async () => {
    const all = (await list()).items.map((i) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { id: string }[]; next_cursor: string | null } = await list(
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(all);
    // Paging keeps the filters.
    const first = await list('?action=api_token.&limit=1');
    expect(first.next_cursor).not.toBeNull();
    const rest = await list(`?action=api_token.&limit=1&cursor=${first.next_cursor}`);
    expect(rest.items).toHaveLength(1);
    expect(rest.next_cursor).toBeNull();
    expect(rest.items[0].id).not.toBe(first.items[0].id);
  });

  it('exports the filtered log as CSV with separators quoted and formulas defused', async () => {
    const res = await c.admin.get('/api/v1/audit-log.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-log.csv"');
    expect(res.headers.get('x-export-truncated')).toBe('false');
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe(
      'id,created_at,action,actor_id,actor_name,actor_email,target_type,target_id,details',
    );
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 7 + 1);
    const channelLine = lines.find((l) => l.includes(',channel.created,'))!;
    // The actor's name is shown as text, never evaluated; the details' `;` stays inside one quoted cell.
    expect(channelLine).toContain(`,"'=SUM(1;2)",${acct.users.admin.email},notification_channel,`);
    expect(channelLine).toMatch(/,"\{""kind"":""email"",""name"":""Desk; night shift""\}"$/);

    const filtered = await c.owner.get(`/api/v1/audit-log.csv?action=member.&from=${date(0)}&to=${date(0)}`);
    const rows = filtered.text.trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(`,member.updated,${acct.users.owner.id},`);
  });

  it('caps the export and says so', async () => {
    const big = await createTestAccount(t.db, { owner: 'owner' }, 'Busy MSP');
    await withTenant(t.db, big.accountId, (tx) =>
      tx.query(
        `INSERT INTO audit_log (account_id, action, target_type, created_at)
         SELECT $1, 'bulk.entry', 'account', now() - g * interval '1 second' FROM generate_series(1, $2::int) g`,
        [big.accountId, CSV_MAX_ROWS + 5],
      ),
    );
    const owner = await sessionFor(testApp.app, t.db, { id: big.users.owner.id, accountId: big.accountId });
    const res = await owner.get('/api/v1/audit-log.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-export-truncated')).toBe('true');
    const lines = res.text.trim().split('\r\n');
    expect(lines).toHaveLength(1 + CSV_MAX_ROWS + 1);
    expect(lines.at(-1)).toContain(`export stopped after ${CSV_MAX_ROWS} entries`);
    const filtered = await owner.get('/api/v1/audit-log.csv?action=account.created');
    expect(filtered.headers.get('x-export-truncated')).toBe('false');
    expect(filtered.text.trim().split('\r\n')).toHaveLength(2);
  });

  it('is for owners and admins only', async () => {
    for (const role of ['engineer', 'tech', 'viewer'] as const) {
      const res = await c[role].get('/api/v1/audit-log');
      expect(res.status, role).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect((await c[role].get('/api/v1/audit-log.csv')).status, role).toBe(403);
    }
    expect((await c.admin.get('/api/v1/audit-log')).status).toBe(200);
  });

  it('shows another account nothing of this one, whatever it names', async () => {
    const own = await list('', otherOwner);
    expect(actions(own)).toEqual(['account.created']);
    expect(own.items[0].target_id).toBe(other.accountId);
    const ours = (await list()).items;
    expect((await list(`?actor=${acct.users.owner.id}`, otherOwner)).items).toEqual([]);
    expect((await list(`?cursor=${ours[2].id}`, otherOwner)).items).toEqual([]);
    const csv = await otherOwner.get(`/api/v1/audit-log.csv?actor=${acct.users.owner.id}`);
    expect(csv.text.trim().split('\r\n')).toHaveLength(1);
  });

  it('answers bad filters with 400 and the reason', async () => {
    const cases: [string, RegExp][] = [
      ['action=mfa%20*', /action/],
      ['actor=someone', /actor/],
      ['target_type=', /target_type/],
      ['from=yesterday', /from/],
      ['to=2026-13-01', /to/],
      ['from=2026-02-30', /from is not a valid date/],
      ['from=0000-01-01', /between the years 1970 and 9999/],
      ['to=2026-01-01T99:00Z', /to is not a valid date/],
      [`from=${date(3)}&to=${date(2)}`, /from must not be later than to/],
      ['limit=201', /limit is at most 200/],
      ['limit=0', /limit/],
      ['limit=ten', /limit/],
      ['cursor=abc', /cursor/],
    ];
    for (const [query, reason] of cases) {
      const res = await c.owner.get(`/api/v1/audit-log?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.message, query).toMatch(reason);
      const csv = await c.owner.get(`/api/v1/audit-log.csv?${query}`);
      // The export takes no paging parameters; everything else is refused alike.
      if (!query.startsWith('limit') && !query.startsWith('cursor')) expect(csv.status, query).toBe(400);
    }
  });
});
