import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_STATUSES, type SessionStatus } from '../../shared/sessions';
import { createTestApp, type TestApp } from '../helpers/app';
import { clientsFor, type TestClient } from '../helpers/test-client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { ALL_ROLES, createTestAccount } from '../helpers/factories';
import { answerCurrent, forceStatus, startSession } from '../helpers/sessions';

describe('guided sessions API', () => {
  let t: TestDatabase;
  let app: TestApp['app'];
  let acct: Awaited<ReturnType<typeof createTestAccount<keyof typeof ALL_ROLES | 'tech2'>>>;
  let c: Record<keyof typeof ALL_ROLES | 'tech2', TestClient>;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createTestApp(t.db).app;
    acct = await createTestAccount(t.db, { ...ALL_ROLES, tech2: 'tech' });
    c = await clientsFor(app, acct.users);
  });
  afterAll(() => t.drop());

  it('creates a session from an intake with summary, domain, first step and confidence', async () => {
    const res = await c.tech.post('/api/v1/sessions', {
      problem:
        'Outlook says trying to connect since this morning, webmail works fine for her. Nothing else changed.',
      ticket: '#48213',
      client: 'Contoso Dental',
      asset: 'PC-042',
      log: 'Send/Receive error 0x8004010F',
      priority: 'p2',
    });
    expect(res.status).toBe(201);
    const { session, current_step, steps } = res.body;
    expect(session).toMatchObject({
      status: 'active',
      user_id: acct.users.tech.id,
      problem_domain: 'email',
      priority: 'p2',
      ticket: '48213',
      client: 'Contoso Dental',
      asset: 'PC-042',
      provider: 'builtin',
    });
    expect(session.problem_summary.length).toBeLessThanOrEqual(120);
    expect(session.confidence).toBeGreaterThan(0);
    expect(session.confidence_tier).toBe(
      session.confidence >= 0.8 ? 'guided' : session.confidence >= 0.4 ? 'exploring' : 'discovery',
    );
    expect(session.confidence_factors.join(' ')).toMatch(/0x8004010F/i);
    expect(steps).toHaveLength(1);
    expect(current_step).toMatchObject({ source: 'assistant', actor_user_id: null, answered_at: null });
    expect(current_step.content.sources[0]).toMatchObject({
      kind: 'runbook',
      id: 'outlook-disconnected-profile-corrupt',
    });
    expect(current_step.confidence).toBe(session.confidence);
  });

  it('answering records who answered, updates confidence on step and session, and proposes the next step', async () => {
    const s = await startSession(c.tech);
    const res = await answerCurrent(c.tech, s);
    expect(res.status).toBe(200);
    const answered = res.body.steps[0];
    expect(answered).toMatchObject({ actor_user_id: acct.users.tech.id, source: 'assistant' });
    expect(answered.answered_at).not.toBeNull();
    expect(res.body.current_step.id).not.toBe(s.current_step.id);
    expect(res.body.current_step.confidence).toBe(res.body.session.confidence);
  });

  it('rejects answers to a step that is not current (409) and malformed answers (400), changing nothing', async () => {
    const s = await startSession(c.tech);
    const step = s.current_step;
    const bad =
      step.kind === 'action'
        ? await c.tech.post(`/api/v1/sessions/${s.session.id}/steps/${step.id}/answer`, { option: 'x' })
        : await c.tech.post(`/api/v1/sessions/${s.session.id}/steps/${step.id}/answer`, {
            option: 'not-an-option',
          });
    expect(bad.status).toBe(400);
    expect((await c.tech.post(`/api/v1/sessions/${s.session.id}/steps/${step.id}/answer`, {})).status).toBe(
      400,
    );
    expect((await answerCurrent(c.tech, s)).status).toBe(200);
    const again = await answerCurrent(c.tech, s);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('STEP_NOT_CURRENT');
    const view = await c.tech.get(`/api/v1/sessions/${s.session.id}`);
    expect(view.body.steps).toHaveLength(2);
  });

  it('accepts free text and skip, and an action outcome with a note', async () => {
    const s = await startSession(
      c.tech,
      'The office printer shows offline on every PC but copying works on the device',
    );
    let body = s;
    for (let i = 0; i < 4 && body.current_step; i++) {
      const step = body.current_step;
      const answer =
        step.kind === 'action'
          ? { outcome: 'partial', note: 'pinged fine, web page slow' }
          : i % 2 === 0
            ? { text: 'not sure, user is remote today' }
            : { skipped: true };
      const res = await c.tech.post(`/api/v1/sessions/${s.session.id}/steps/${step.id}/answer`, answer);
      expect(res.status).toBe(200);
      body = res.body;
    }
    const answered = body.steps.filter((st: any) => st.answered_at);
    expect(answered.length).toBeGreaterThanOrEqual(4);
    for (const st of answered) expect(st.answer ?? st.outcome).not.toBeNull();
  });

  it('facts: add in own words and promote an answered step', async () => {
    const s = await startSession(c.tech);
    const added = await c.tech.post(`/api/v1/sessions/${s.session.id}/facts`, {
      text: 'Webmail works for the user',
    });
    expect(added.status).toBe(201);
    expect(added.body.fact).toMatchObject({
      text: 'Webmail works for the user',
      created_by: acct.users.tech.id,
    });
    const answered = await answerCurrent(c.tech, s);
    const promoted = await c.tech.post(`/api/v1/sessions/${s.session.id}/facts`, {
      step_id: answered.body.steps[0].id,
    });
    expect(promoted.status).toBe(201);
    expect(promoted.body.fact.source_step_id).toBe(answered.body.steps[0].id);
    expect(promoted.body.fact.text).toContain(answered.body.steps[0].content.text.slice(0, 20));
    const unanswered = await c.tech.post(`/api/v1/sessions/${s.session.id}/facts`, {
      step_id: answered.body.current_step.id,
    });
    expect(unanswered.status).toBe(400);
    expect((await c.tech.post(`/api/v1/sessions/${s.session.id}/facts`, {})).status).toBe(400);
  });

  it('notes added by a person are user steps with the actor', async () => {
    const s = await startSession(c.tech);
    const res = await c.tech.post(`/api/v1/sessions/${s.session.id}/steps`, {
      text: 'Called the user, she is rebooting',
    });
    expect(res.status).toBe(201);
    const note = res.body.steps.find((st: any) => st.kind === 'note');
    expect(note).toMatchObject({ source: 'user', actor_user_id: acct.users.tech.id });
    // The assistant's pending step stays current.
    expect(res.body.current_step.id).toBe(s.current_step.id);
  });

  describe('status machine', () => {
    const actions = {
      pause: { from: ['active'], to: 'paused' },
      resume: { from: ['paused'], to: 'active' },
      abandon: { from: ['active', 'paused'], to: 'abandoned' },
      resolve: { from: ['active', 'paused', 'requesting_escalation', 'escalated'], to: 'resolved' },
    } as const;
    const resolveBody = {
      root_cause: 'Corrupt OST file',
      resolution_summary: 'Renamed the OST and let Outlook rebuild it',
    };

    for (const [action, rule] of Object.entries(actions)) {
      for (const status of SESSION_STATUSES) {
        const allowed = (rule.from as readonly string[]).includes(status);
        it(`${action} from ${status}: ${allowed ? `→ ${rule.to}` : '409 with the current status'}`, async () => {
          const s = await startSession(c.tech);
          const actorIsClaimer = status === 'escalated';
          await forceStatus(
            t.db,
            acct.accountId,
            s.session.id,
            status as SessionStatus,
            actorIsClaimer ? acct.users.engineer.id : null,
          );
          const actor = actorIsClaimer ? c.engineer : c.tech;
          const res = await actor.post(
            `/api/v1/sessions/${s.session.id}/${action}`,
            action === 'resolve' ? resolveBody : {},
          );
          if (allowed) {
            expect(res.status).toBe(200);
            expect(res.body.session.status).toBe(rule.to);
          } else {
            expect(res.status).toBe(409);
            expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', current_status: status });
            const view = await actor.get(`/api/v1/sessions/${s.session.id}`);
            expect(view.body.session.status).toBe(status);
          }
        });
      }
    }

    it('answering is refused while paused, resolved or abandoned', async () => {
      for (const status of ['paused', 'resolved', 'abandoned'] as const) {
        const s = await startSession(c.tech);
        await forceStatus(t.db, acct.accountId, s.session.id, status);
        const res = await answerCurrent(c.tech, s);
        expect(res.status, status).toBe(409);
        expect(res.body.current_status).toBe(status);
      }
    });

    it('resolve needs root cause and summary, records them and the resolution time', async () => {
      const s = await startSession(c.tech);
      expect(
        (await c.tech.post(`/api/v1/sessions/${s.session.id}/resolve`, { root_cause: 'x' })).status,
      ).toBe(400);
      const res = await c.tech.post(`/api/v1/sessions/${s.session.id}/resolve`, resolveBody);
      expect(res.body.session).toMatchObject({ status: 'resolved', ...resolveBody });
      expect(res.body.session.resolved_at).not.toBeNull();
    });
  });

  describe('who may do what (SPEC §2)', () => {
    it('viewers read but cannot create or work sessions', async () => {
      expect((await c.viewer.post('/api/v1/sessions', { problem: 'printer offline' })).status).toBe(403);
      const s = await startSession(c.tech);
      expect((await c.viewer.get(`/api/v1/sessions/${s.session.id}`)).status).toBe(200);
      expect((await answerCurrent(c.viewer, s)).status).toBe(403);
      expect((await c.viewer.post(`/api/v1/sessions/${s.session.id}/pause`)).status).toBe(403);
    });

    it('every working role can create sessions', async () => {
      for (const role of ['owner', 'admin', 'engineer', 'tech'] as const) {
        expect(
          (await c[role].post('/api/v1/sessions', { problem: 'VPN error 809 from home' })).status,
          role,
        ).toBe(201);
      }
    });

    it('only the owner works an active session; another tech cannot read it, seniors can read but not act', async () => {
      const s = await startSession(c.tech);
      expect((await c.tech2.get(`/api/v1/sessions/${s.session.id}`)).status).toBe(403);
      expect((await answerCurrent(c.tech2, s)).status).toBe(403);
      for (const role of ['engineer', 'admin', 'owner'] as const) {
        expect((await c[role].get(`/api/v1/sessions/${s.session.id}`)).status, role).toBe(200);
        expect((await answerCurrent(c[role], s)).status, role).toBe(403);
        expect(
          (await c[role].post(`/api/v1/sessions/${s.session.id}/facts`, { text: 'x' })).status,
          role,
        ).toBe(403);
      }
    });

    it('any member reads a session in transit; once escalated only the claimer acts and the owner keeps read access', async () => {
      const s = await startSession(c.tech);
      await forceStatus(t.db, acct.accountId, s.session.id, 'requesting_escalation');
      expect((await c.tech2.get(`/api/v1/sessions/${s.session.id}`)).status).toBe(200);
      await forceStatus(t.db, acct.accountId, s.session.id, 'escalated', acct.users.engineer.id);
      expect((await c.viewer.get(`/api/v1/sessions/${s.session.id}`)).status).toBe(200);
      expect((await c.tech.get(`/api/v1/sessions/${s.session.id}`)).status).toBe(200);
      expect((await answerCurrent(c.tech, s)).status).toBe(403);
      const byClaimer = await answerCurrent(c.engineer, s);
      expect(byClaimer.status).toBe(200);
      expect(byClaimer.body.steps[0].actor_user_id).toBe(acct.users.engineer.id);
      expect((await c.admin.post(`/api/v1/sessions/${s.session.id}/facts`, { text: 'x' })).status).toBe(403);
    });

    it('lists: mine, and the account’s as each role may see it', async () => {
      const mine = await startSession(c.tech2, 'Teams keeps asking me to sign in again and again');
      const list = await c.tech2.get('/api/v1/sessions?scope=mine');
      expect(list.body.items.map((i: any) => i.id)).toContain(mine.session.id);
      expect(list.body.items.every((i: any) => i.user_id === acct.users.tech2.id)).toBe(true);
      const techTeam = await c.tech.get('/api/v1/sessions?scope=account');
      expect(techTeam.body.items.map((i: any) => i.id)).not.toContain(mine.session.id);
      const seniorTeam = await c.engineer.get('/api/v1/sessions?scope=account&status=active');
      expect(seniorTeam.body.items.map((i: any) => i.id)).toContain(mine.session.id);
      expect(seniorTeam.body.items.every((i: any) => i.status === 'active')).toBe(true);
      expect((await c.engineer.get('/api/v1/sessions?status=bogus')).status).toBe(400);
      const several = await c.tech2.get('/api/v1/sessions?scope=mine&status=active,paused');
      expect(several.status).toBe(200);
      expect(several.body.items.map((i: any) => i.id)).toContain(mine.session.id);
      expect((await c.engineer.get('/api/v1/sessions?limit=100000')).status).toBe(400);
    });
  });

  it('tenant isolation: another account’s session is 404 on every route and never listed', async () => {
    const other = await createTestAccount(t.db, { owner: 'owner', tech: 'tech' });
    const oc = await clientsFor(app, other.users);
    const s = await startSession(c.tech);
    const id = s.session.id;
    const stepId = s.current_step.id;
    const calls: [TestClient, string, string, unknown?][] = [
      [oc.owner, 'GET', `/api/v1/sessions/${id}`],
      [oc.owner, 'GET', `/api/v1/sessions/${id}/notes`],
      [oc.tech, 'POST', `/api/v1/sessions/${id}/steps/${stepId}/answer`, { skipped: true }],
      [oc.tech, 'POST', `/api/v1/sessions/${id}/facts`, { text: 'x' }],
      [oc.tech, 'POST', `/api/v1/sessions/${id}/steps`, { text: 'x' }],
      [oc.tech, 'POST', `/api/v1/sessions/${id}/pause`, {}],
      [oc.tech, 'POST', `/api/v1/sessions/${id}/resume`, {}],
      [oc.tech, 'POST', `/api/v1/sessions/${id}/abandon`, {}],
      [oc.tech, 'POST', `/api/v1/sessions/${id}/resolve`, { root_cause: 'xxx', resolution_summary: 'yyy' }],
    ];
    for (const [client, method, path, body] of calls) {
      const res = await client.request(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const list = await oc.owner.get('/api/v1/sessions?scope=account');
    expect(list.body.items.map((i: any) => i.id)).not.toContain(id);
    const view = await c.tech.get(`/api/v1/sessions/${id}`);
    expect(view.body.session.status).toBe('active');
    expect(view.body.facts).toHaveLength(0);
  });

  it('ticket notes: header, steps with answers and outcomes, facts, root cause and fix, decimal hours', async () => {
    const s = await startSession(
      c.tech,
      'Outlook says trying to connect since this morning, webmail works fine',
      { ticket: '77881', client: 'Fabrikam' },
    );
    const a = await answerCurrent(c.tech, s);
    await c.tech.post(`/api/v1/sessions/${s.session.id}/facts`, { text: 'Only this user is affected' });
    await c.tech.post(`/api/v1/sessions/${s.session.id}/resolve`, {
      root_cause: 'Corrupt OST <b>file</b>',
      resolution_summary: 'Rebuilt the OST',
    });
    const res = await c.tech.get(`/api/v1/sessions/${s.session.id}/notes`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(res.text).toMatch(/^\*\*\[RESOLVED\] .+\*\* — #77881 · Client: Fabrikam/);
    expect(res.text).toContain(a.body.steps[0].content.text.slice(0, 30));
    expect(res.text).toContain('Only this user is affected');
    expect(res.text).toContain('**Root cause:** Corrupt OST \\<b\\>file\\</b\\>');
    expect(res.text).toContain('**Fix:** Rebuilt the OST');
    expect(res.text).toMatch(/\*\*Time spent:\*\* 0\.25 h/);
    expect(res.text).toContain('## Follow-ups');
  });

  it('a resolved session becomes knowledge: a differently worded intake is offered its fix', async () => {
    const first = await startSession(
      c.tech,
      'Warehouse time clock kiosk shows sync pending and punches never reach the timesheet system',
    );
    await c.tech.post(`/api/v1/sessions/${first.session.id}/resolve`, {
      root_cause: 'Kiosk firmware pinned the vendor’s old API certificate',
      resolution_summary: 'Updated the kiosk firmware and forced a resync',
    });
    const second = await startSession(
      c.tech2,
      'clock-ins at the loading dock kiosk are not showing on timesheets, screen says sync pending',
    );
    expect(second.current_step.kind).toBe('resolution_suggestion');
    expect(second.current_step.content.sources[0]).toMatchObject({ kind: 'session', id: first.session.id });
    expect(second.current_step.content.text).toContain('firmware');
    // Another account does not learn from it.
    const other = await createTestAccount(t.db, { tech: 'tech' });
    const oc = await clientsFor(app, other.users);
    const theirs = await startSession(
      oc.tech,
      'clock-ins at the loading dock kiosk are not showing on timesheets, screen says sync pending',
    );
    expect(JSON.stringify(theirs.current_step.content.sources)).not.toContain(first.session.id);
  });

  it('the first answer leads with likely causes; "not this" moves to the next cause, "this fixed it" ends the suggestions', async () => {
    const s = await startSession(
      c.tech,
      'Outlook says trying to connect since this morning, webmail works fine for her',
    );
    const first = s.current_step;
    const causes = first.content.likely_causes;
    expect(causes.length).toBeGreaterThanOrEqual(2);
    expect(causes.length).toBeLessThanOrEqual(5);
    expect(causes[0]).toMatchObject({
      cause: expect.any(String),
      fix: expect.any(String),
      confidence: expect.stringMatching(/^(low|medium|high)$/),
    });
    expect(causes[0].source.kind).toMatch(/^(runbook|known_issue|error_code|session)$/);

    const refused = await c.tech.post(`/api/v1/sessions/${s.session.id}/steps/${first.id}/answer`, {
      option: 'not:no-such-cause',
    });
    expect(refused.status).toBe(400);

    const notThis = await c.tech.post(`/api/v1/sessions/${s.session.id}/steps/${first.id}/answer`, {
      option: `not:${causes[0].id}`,
    });
    expect(notThis.status).toBe(200);
    expect(notThis.body.steps[0].answer).toMatchObject({
      option: `not:${causes[0].id}`,
      label: `Not this: ${causes[0].cause}`,
    });
    const next = notThis.body.current_step;
    expect(next.content.likely_causes.map((l: { id: string }) => l.id)).not.toContain(causes[0].id);

    const fixed = await c.tech.post(`/api/v1/sessions/${s.session.id}/steps/${next.id}/answer`, {
      option: `fixed:${next.content.likely_causes[0].id}`,
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.current_step).toBeNull();
    expect(fixed.body.session.confidence).toBe(0.95);
  });

  it('says plainly when nothing matches, and asks a triage question instead of an unrelated check', async () => {
    const s = await startSession(
      c.tech,
      'Can you tell me whether my home office costs are tax deductible this year?',
    );
    expect(s.current_step.kind).toBe('question');
    expect(s.current_step.content.no_match).toBe(true);
    expect(s.current_step.content.likely_causes).toBeUndefined();
    expect(s.session.confidence_tier).toBe('discovery');
  });

  it('publishes the runbook JSON Schema to every member', async () => {
    const res = await c.viewer.get('/api/v1/knowledge/schema/runbook.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      type: 'object',
      properties: { steps: expect.any(Object), causes: expect.any(Object) },
    });
  });
});
