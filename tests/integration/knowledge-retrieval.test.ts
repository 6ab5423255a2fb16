import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { saveArticle } from '../../server/modules/knowledge/articles.service';
import { createTestApp, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';
import { startSession } from '../helpers/sessions';

type Cause = {
  cause: string;
  fix: string;
  source: { kind: string; id: string; title: string; excerpt?: string };
};

describe(`the account's knowledge in the first answer (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  let app: TestApp;
  let mine: Awaited<ReturnType<typeof createTestAccount<keyof typeof ALL_ROLES>>>;
  let c: Record<keyof typeof ALL_ROLES, TestClient>;
  let other: Record<keyof typeof ALL_ROLES, TestClient>;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db);
    const [a, b] = await Promise.all([
      createTestAccount(t.db, ALL_ROLES),
      createTestAccount(t.db, ALL_ROLES),
    ]);
    mine = a;
    [c, other] = await Promise.all([clientsFor(app.app, a.users), clientsFor(app.app, b.users)]);
  });
  afterAll(async () => {
    await app.assessments.stop();
    await t.drop();
  });

  const article = {
    title: 'Harbor Dental: Dentrix imaging bridge loses the X-ray sensor after every reboot',
    body: [
      'The front desk PCs at Harbor Dental lose the intraoral X-ray sensor in Dentrix after a restart.',
      '',
      '## Cause',
      'Windows selective suspend powers down the USB hub the sensor hangs off.',
      '',
      '## Fix',
      'Disable USB selective suspend in the active power plan and untick "Allow the computer to turn off this device" on the USB root hub, then replug the sensor.',
      '',
      '```',
      'powercfg /setacvalueindex SCHEME_CURRENT 2a737441-1930-4402-8d77-b2bebba308a3 48e6b7a6-50f5-4782-a5d4-53bb8f07e226 0',
      '```',
    ].join('\n'),
    tags: ['dentrix', 'usb'],
  };
  const problem = 'After a reboot Dentrix no longer sees the x-ray sensor on the front desk PC';

  it('a new session cites the article first and quotes its fix; another account never sees it', async () => {
    const created = await c.engineer.request('POST', '/api/v1/knowledge/articles', article);
    expect(created.status).toBe(201);
    const id = created.body.article.id;

    const s = await startSession(c.tech, problem);
    const causes: Cause[] = s.current_step.content.likely_causes;
    expect(causes[0]!.source).toMatchObject({ kind: 'article', id, title: article.title });
    expect(causes[0]!.cause).toBe('Windows selective suspend powers down the USB hub the sensor hangs off.');
    expect(causes[0]!.fix).toContain('Disable USB selective suspend');
    expect(causes[0]!.source.excerpt).toContain('Disable USB selective suspend');

    const theirs = await startSession(other.tech, problem);
    expect(JSON.stringify(theirs.current_step.content)).not.toContain(id);
    expect(JSON.stringify(theirs.current_step.content)).not.toContain('selective suspend');
  });

  it('records how well the knowledge matched the problem on the session', async () => {
    const s = await startSession(c.tech, problem);
    const weak = await startSession(c.tech, 'The coffee machine on floor two makes a strange noise');
    const rows = await withTenant(t.db, mine.accountId, (tx) =>
      tx.query<{ id: string; best_match: number; best_match_source: { kind: string } | null }>(
        `SELECT id, best_match, best_match_source FROM sessions WHERE id = ANY($1::uuid[])`,
        [[s.session.id, weak.session.id]],
      ),
    );
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    expect(byId.get(s.session.id)!.best_match).toBeGreaterThan(0.3);
    expect(byId.get(s.session.id)!.best_match_source?.kind).toBe('article');
    expect(byId.get(weak.session.id)!.best_match).toBe(0);
    expect(byId.get(weak.session.id)!.best_match_source).toBeNull();
  });

  it('an imported PSA ticket is a source of kind psa_ticket with its resolution as the fix', async () => {
    await withTenant(t.db, mine.accountId, (tx) =>
      saveArticle(
        tx,
        mine.accountId,
        {
          kind: 'psa_ticket',
          externalId: '48213',
          title: 'Label printer in the Blue Harbor warehouse prints blank labels',
          body: '## Problem\nZebra label printer feeds blank labels since the ribbon change.\n\n## Resolution\nRan the media calibration (hold feed until two flashes) and set the darkness to 22 in the driver.',
          tags: [],
        },
        { origin: 'psa_ticket', ticketNumber: '48213' },
        null,
        new Date(),
      ),
    );
    const s = await startSession(c.tech, 'zebra printer in the warehouse only spits out blank labels');
    const causes: Cause[] = s.current_step.content.likely_causes;
    const fromTicket = causes.find((x) => x.source.kind === 'psa_ticket');
    expect(fromTicket).toBeDefined();
    expect(fromTicket!.fix).toContain('media calibration');
  });

  it("the account's fork of a shipped runbook replaces it in the engine", async () => {
    const fork = await c.engineer.request('POST', '/api/v1/knowledge/runbooks/network-printer-offline/fork');
    expect(fork.status).toBe(201);
    const rb = fork.body.runbook;
    rb.steps[0].text =
      'Ask the Contoso front desk to read the IP from the printer panel (our printers sit on VLAN 30)';
    const saved = await c.engineer.request('PUT', '/api/v1/knowledge/runbooks/network-printer-offline', rb);
    expect(saved.status).toBe(200);

    const prompt = 'The network printer shows Offline on every workstation though it is switched on';
    const s = await startSession(c.tech, prompt);
    const theirs = await startSession(other.tech, prompt);
    expect(JSON.stringify(theirs.current_step.content)).not.toContain('VLAN 30');
    // The account's copy is followed: its edited first step; the other account keeps the shipped one.
    expect(s.current_step.content.text).toBe(rb.steps[0].text);
    expect(s.current_step.content.sources[0]).toMatchObject({
      kind: 'runbook',
      id: 'network-printer-offline',
    });
    expect(theirs.current_step.content.text).not.toBe(rb.steps[0].text);
  });
});
