import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../server/db/tenant';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { startSession } from '../helpers/sessions';

const TEAM = {
  owner: 'owner',
  admin: 'admin',
  engineer: 'engineer',
  senior: 'engineer',
  tech: 'tech',
  viewer: 'viewer',
} as const;
type Member = keyof typeof TEAM;

const OUTLOOK = 'Outlook says trying to connect since this morning, webmail works fine';

describe(`knowledge proposals: the flywheel (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let t: TestDatabase;
  /** Drafts right after each resolve, as production does. */
  let live: TestApp;
  /** No drafting on resolve: what a crash between resolve and drafting leaves; the scan catches up. */
  let quiet: TestApp;
  let acct: Awaited<ReturnType<typeof createTestAccount<Member>>>;
  let c: Record<Member, TestClient>;
  let q: Record<'tech' | 'senior', TestClient>;
  let other: Record<Member, TestClient>;

  beforeAll(async () => {
    t = await createTestDatabase();
    const config = testConfig({ LOG_LEVEL: 'error' });
    live = createTestApp(t.db, { config, proposals: { autoDraft: true } });
    quiet = createTestApp(t.db, { config });
    acct = await createTestAccount(t.db, TEAM);
    const b = await createTestAccount(t.db, TEAM, 'Other MSP');
    c = await clientsFor(live.app, acct.users);
    q = await clientsFor(quiet.app, { tech: acct.users.tech, senior: acct.users.senior });
    other = await clientsFor(live.app, b.users);
  }, 60_000);
  afterAll(async () => {
    for (const a of [live, quiet]) {
      await a.proposals.stop();
      await a.assessments.stop();
    }
    await t.drop();
  });

  const sql = (text: string, params: unknown[]) =>
    withTenant(t.db, acct.accountId, (tx) => tx.query<any>(text, params)).then((r) => r.rows);

  /**
   * Works the session as `client` until each of `outcomes` was recorded on an assistant check, in
   * order: questions get their first option, suggested fixes "Did not fix it", and an empty turn
   * asks the assistant for its next step.
   */
  async function recordChecks(client: TestClient, sessionId: string, outcomes: string[]) {
    const left = [...outcomes];
    for (let turn = 0; left.length && turn < 25; turn++) {
      const view = (await client.get(`/api/v1/sessions/${sessionId}`)).body;
      const step = view.current_step;
      if (!step) {
        expect((await client.post(`/api/v1/sessions/${sessionId}/ask`)).status).toBe(200);
        continue;
      }
      const answer =
        step.kind === 'action'
          ? { outcome: left.shift(), note: `outcome ${turn}` }
          : step.kind === 'resolution_suggestion'
            ? { option: 'not_fixed' }
            : step.content.options.length
              ? { option: step.content.options[0].value }
              : { text: 'Not sure' };
      const res = await client.post(`/api/v1/sessions/${sessionId}/steps/${step.id}/answer`, answer);
      expect(res.status, res.text).toBe(200);
    }
    expect(left, 'the assistant offered enough checks').toEqual([]);
  }

  /** A tech's session, escalated and claimed by the senior. */
  async function escalatedAndClaimed(problem: string) {
    const s = await startSession(c.tech, problem);
    const h = await c.tech.post(`/api/v1/sessions/${s.session.id}/handoffs`, {
      intent: 'escalate',
      engineer_notes: 'Out of ideas',
    });
    expect(h.status, h.text).toBe(201);
    expect((await c.senior.post(`/api/v1/handoffs/${h.body.handoff.id}/claim`)).status).toBe(200);
    return s.session.id as string;
  }

  const pending = async (as: TestClient = c.viewer) =>
    (await as.get('/api/v1/knowledge/proposals')).body.items as any[];
  const proposalFor = async (sessionId: string) =>
    (await pending()).find((p) => p.source_session_ids.includes(sessionId));

  let articleProposal: any;

  it('an escalated, claimed and resolved session yields a pending article proposal and rings the admins’ bell', async () => {
    const sessionId = await escalatedAndClaimed(OUTLOOK);
    await recordChecks(c.senior, sessionId, ['failed', 'worked']);
    await c.senior.post(`/api/v1/sessions/${sessionId}/steps`, {
      text: 'Old Autodiscover record pointed at the retired server',
    });
    const resolved = await c.senior.post(`/api/v1/sessions/${sessionId}/resolve`, {
      root_cause: 'A stale Autodiscover CNAME sent Outlook to the retired Exchange server',
      resolution_summary: 'Deleted the stale autodiscover CNAME in the client DNS zone and restarted Outlook',
    });
    expect(resolved.status, resolved.text).toBe(200);
    await live.proposals.idle();

    const p = await proposalFor(sessionId);
    articleProposal = p;
    expect(p).toMatchObject({
      kind: 'article',
      status: 'pending',
      source_session_ids: [sessionId],
      tags: ['email'],
      decided_by: null,
      result: null,
    });
    expect(p.title).toBe(resolved.body.session.problem_summary);
    for (const heading of ['## Symptoms', '## Cause', '## Fix', '## What did not help', '## Verify'])
      expect(p.body).toContain(heading);
    expect(p.body).toContain('Deleted the stale autodiscover CNAME');
    expect(p.body).toContain(`${acct.users.senior.name}, after picking up the escalation`);
    expect(p.body).toContain('Old Autodiscover record pointed at the retired server');
    // The checks the assistant proposed carry commands: the one that worked is in a code block.
    expect(p.body).toMatch(/Steps that worked:\n\n1\. .+\n/);

    for (const who of ['admin', 'owner'] as const) {
      const bell = (await c[who].get('/api/v1/notifications')).body.items;
      expect(bell).toContainEqual(
        expect.objectContaining({ event: 'knowledge_proposal', link: '/knowledge/proposals' }),
      );
    }
    const seniorBell = (await c.senior.get('/api/v1/notifications')).body.items;
    expect(seniorBell.map((n: any) => n.event)).not.toContain('knowledge_proposal');
  }, 60_000);

  it('approving with an edited title makes an article at once, findable by search; a second approval is refused', async () => {
    for (const role of ['engineer', 'tech', 'viewer'] as const) {
      const res = await c[role].post(`/api/v1/knowledge/proposals/${articleProposal.id}/approve`, {});
      expect(res.status, role).toBe(403);
      expect((await c[role].post(`/api/v1/knowledge/proposals/${articleProposal.id}/dismiss`)).status).toBe(
        403,
      );
    }
    const res = await c.admin.post(`/api/v1/knowledge/proposals/${articleProposal.id}/approve`, {
      title: 'Outlook stuck on Trying to connect after a server migration',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.article).toMatchObject({
      title: 'Outlook stuck on Trying to connect after a server migration',
      tags: ['email'],
      source: { type: 'proposal', ref: articleProposal.id, label: 'Approved from a proposal' },
    });
    expect(res.body.article.body).toBe(articleProposal.body);
    expect(res.body.proposal).toMatchObject({
      status: 'approved',
      decided_by: { id: acct.users.admin.id, name: acct.users.admin.name },
      result: { kind: 'article', id: res.body.article.id },
    });

    const found = await c.tech.get('/api/v1/knowledge/articles?q=autodiscover%20cname');
    expect(found.body.items.map((i: any) => i.id)).toContain(res.body.article.id);
    const again = await c.owner.post(`/api/v1/knowledge/proposals/${articleProposal.id}/approve`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PROPOSAL_DECIDED');
    expect((await c.owner.post(`/api/v1/knowledge/proposals/${articleProposal.id}/dismiss`)).status).toBe(
      409,
    );

    expect(await proposalFor(articleProposal.source_session_ids[0])).toBeUndefined();
    const approved = (await c.viewer.get('/api/v1/knowledge/proposals?status=approved')).body.items;
    expect(approved.map((p: any) => p.id)).toEqual([articleProposal.id]);
    const audit = await sql(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`, [
      articleProposal.id,
    ]);
    expect(audit.map((a: any) => a.action)).toEqual([
      'knowledge.proposal_drafted',
      'knowledge.proposal_approved',
    ]);
  });

  it('another account sees none of it and gets 404 on this account’s proposal', async () => {
    const pendingHere = (await pending())[0] ?? articleProposal;
    expect(await pending(other.owner)).toEqual([]);
    expect((await other.owner.get('/api/v1/knowledge/proposals?status=approved')).body.items).toEqual([]);
    expect((await other.owner.post(`/api/v1/knowledge/proposals/${pendingHere.id}/approve`, {})).status).toBe(
      404,
    );
    expect((await other.admin.post(`/api/v1/knowledge/proposals/${pendingHere.id}/dismiss`)).status).toBe(
      404,
    );
  });

  let unescalated: any;

  it('a resolved session that was never escalated but matched nothing also yields a proposal (the scan finds it)', async () => {
    const s = await startSession(
      q.tech,
      'Kiosk tablet in the lobby shows a spinning wheel on the visitor app',
    );
    const r = await q.tech.post(`/api/v1/sessions/${s.session.id}/resolve`, {
      root_cause: 'The visitor app cache filled the tablet storage',
      resolution_summary: 'Cleared the visitor app cache and set it to clear nightly',
    });
    expect(r.status, r.text).toBe(200);
    // Not drafted on resolve (as after a crash): the safety-net scan drafts it.
    expect(await proposalFor(s.session.id)).toBeUndefined();
    await quiet.proposals.runOnce();
    unescalated = await proposalFor(s.session.id);
    expect(unescalated).toMatchObject({ kind: 'article', status: 'pending' });
    expect(unescalated.body).toContain('Cleared the visitor app cache');
  }, 30_000);

  it('no proposal when the knowledge matched well and the assistant’s own fix worked, nor for old sessions', async () => {
    const covered = await startSession(q.tech, OUTLOOK);
    const old = await startSession(q.tech, 'Label printer in the warehouse prints blank labels');
    for (const s of [covered, old])
      await q.tech.post(`/api/v1/sessions/${s.session.id}/resolve`, {
        root_cause: 'Known cause',
        resolution_summary: 'The known fix',
      });
    await sql(`UPDATE sessions SET best_match = 0.9 WHERE id = $1`, [covered.session.id]);
    await sql(
      `UPDATE session_steps SET answer = '{"option":"fixed","label":"This fixed it"}' WHERE session_id = $1`,
      [covered.session.id],
    );
    await sql(`UPDATE sessions SET resolved_at = now() - interval '40 days' WHERE id = $1`, [old.session.id]);
    await quiet.proposals.runOnce();
    expect(await proposalFor(covered.session.id)).toBeUndefined();
    expect(await proposalFor(old.session.id)).toBeUndefined();
  }, 30_000);

  it('dismissing: admins and owners only; an identical article blocks approval; decided once', async () => {
    const dup = await c.engineer.post('/api/v1/knowledge/articles', {
      title: unescalated.title,
      body: unescalated.body,
    });
    expect(dup.status).toBe(201);
    const blocked = await c.owner.post(`/api/v1/knowledge/proposals/${unescalated.id}/approve`, {});
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('DUPLICATE_ARTICLE');

    const res = await c.owner.post(`/api/v1/knowledge/proposals/${unescalated.id}/dismiss`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.proposal).toMatchObject({
      status: 'dismissed',
      result: null,
      decided_by: { id: acct.users.owner.id },
    });
    expect((await c.admin.post(`/api/v1/knowledge/proposals/${unescalated.id}/approve`, {})).body.code).toBe(
      'PROPOSAL_DECIDED',
    );
    const dismissed = (await c.tech.get('/api/v1/knowledge/proposals?status=dismissed')).body.items;
    expect(dismissed.map((p: any) => p.id)).toEqual([unescalated.id]);
  });

  it('a branched path yields a valid runbook proposal that approves into an account runbook', async () => {
    const sessionId = await escalatedAndClaimed(OUTLOOK);
    await recordChecks(c.senior, sessionId, ['worked', 'failed', 'worked']);
    await c.senior.post(`/api/v1/sessions/${sessionId}/resolve`, {
      root_cause: 'A conditional access policy blocked the legacy Outlook build',
      resolution_summary: 'Updated Office to the current channel build and signed in again',
    });
    await live.proposals.idle();
    const p = await proposalFor(sessionId);
    expect(p).toMatchObject({ kind: 'runbook', status: 'pending', tags: ['email'] });
    expect(p.body).toBeUndefined();
    expect(p.runbook.steps.length).toBeGreaterThanOrEqual(3);
    expect(p.runbook.causes).toEqual([
      {
        id: 'root-cause',
        text: 'A conditional access policy blocked the legacy Outlook build',
        fix: 'Updated Office to the current channel build and signed in again',
      },
    ]);

    // Edits are validated; an id the account already uses is refused; nothing is decided by either.
    const broken = await c.admin.post(`/api/v1/knowledge/proposals/${p.id}/approve`, {
      runbook: { ...p.runbook, steps: [] },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('INVALID_RUNBOOK');
    expect(broken.body.details[0]).toMatchObject({ path: expect.any(String), message: expect.any(String) });
    const taken = { ...p.runbook, id: 'our-outlook-runbook', title: 'Another title' };
    expect((await c.engineer.post('/api/v1/knowledge/runbooks', taken)).status).toBe(201);
    const clash = await c.admin.post(`/api/v1/knowledge/proposals/${p.id}/approve`, {
      runbook: { ...p.runbook, id: 'our-outlook-runbook' },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('RUNBOOK_EXISTS');

    const ok = await c.admin.post(`/api/v1/knowledge/proposals/${p.id}/approve`, {
      title: 'Outlook blocked by CA',
    });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.runbook).toMatchObject({ id: p.runbook.id, title: 'Outlook blocked by CA' });
    expect(ok.body.proposal.result).toEqual({ kind: 'runbook', id: p.runbook.id });
    const read = await c.viewer.get(`/api/v1/knowledge/runbooks/${p.runbook.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ origin: 'account', source_label: 'Approved from a proposal' });
  }, 60_000);

  it('one proposal per session, however often the drafter runs', async () => {
    await quiet.proposals.runOnce();
    await live.proposals.runOnce();
    const counts = await sql(
      `SELECT session_id, count(*)::int AS n FROM knowledge_proposals WHERE account_id = $1 GROUP BY session_id`,
      [acct.accountId],
    );
    expect(counts.length).toBeGreaterThanOrEqual(3);
    expect(counts.every((r: any) => r.n === 1)).toBe(true);
  });
});
