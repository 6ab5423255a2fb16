import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Handoff, QueueItem } from '../../server/modules/handoffs/handoffs.schemas';
import { Session, SessionDetail } from '../../server/modules/sessions/sessions.schemas';
import { createTestApp, testConfig, type TestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { FakeLlm } from '../helpers/fake-llm';
import { clientsFor, type ApiResponse, type TestClient } from '../helpers/test-client';

/**
 * The app does not validate its answers against the response schemas of the OpenAPI document (which
 * the web client's types are generated from), so this drives the session and escalation flows, with
 * the built-in engine and with a hosted model (working and failing), and checks every answer against
 * its schema: each must parse, and parsing must drop nothing (no field the schema does not declare).
 */

/** Every step content field, answer field, and assessment seen, to show the flows covered them. */
const seen = { content: new Set<string>(), answer: new Set<string>(), kinds: new Set<string>() };
const assessments: { provider: string; fallback: boolean }[] = [];

const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');

/** The answer parsed with `schema`; fails on a status, a type or a field the schema does not declare. */
function matches<S extends z.ZodType>(schema: S, res: ApiResponse, status = 200): z.infer<S> {
  expect(res.status, res.text).toBe(status);
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) expect.fail(`${issues(parsed.error)}\nin ${res.text.slice(0, 2000)}`);
  // Object schemas drop fields they do not declare, so a lossy parse means the schema is missing one.
  expect(parsed.data, 'the answer has fields its schema does not declare').toEqual(res.body);
  return parsed.data;
}

function view(res: ApiResponse, status = 200) {
  const v = matches(SessionDetail, res, status);
  for (const step of v.steps) {
    seen.kinds.add(step.kind);
    for (const key of Object.keys(step.content)) seen.content.add(key);
    for (const key of Object.keys(step.answer ?? {})) seen.answer.add(key);
  }
  return v;
}

function recordAssessment(h: z.infer<typeof Handoff>) {
  if (h.assessment) assessments.push({ provider: h.assessment.provider, fallback: h.assessment.fallback });
  return h;
}

const handoff = (res: ApiResponse, status = 200) =>
  recordAssessment(matches(z.object({ handoff: Handoff }), res, status).handoff);

describe('answers match the response schemas of the OpenAPI document', () => {
  let t: TestDatabase;
  let llm: FakeLlm;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    llm = await new FakeLlm().start();
  });
  afterAll(async () => {
    for (const app of apps) await app.assessments.stop();
    await llm.stop();
    await t.drop();
  });

  async function team(testApp: TestApp) {
    apps.push(testApp);
    const acct = await createTestAccount(t.db, { tech: 'tech', senior: 'engineer' });
    return clientsFor(testApp.app, acct.users);
  }

  /** Answers whatever step is waiting: an option, an outcome, a skip or a verdict on a likely cause. */
  async function work(c: TestClient, sessionId: string, turns: number) {
    let v = view(await c.get(`/api/v1/sessions/${sessionId}`));
    for (let i = 0; i < turns && v.current_step; i++) {
      const st = v.current_step;
      const cause = st.content.likely_causes?.[0];
      const answer =
        i === 0 && cause
          ? { option: `not:${cause.id}` }
          : st.kind === 'action'
            ? i % 2
              ? { skipped: true }
              : { outcome: 'failed', note: 'Still failing' }
            : i === 1 && st.kind === 'question'
              ? { text: 'Only on this laptop' }
              : { option: st.content.options[0]!.value };
      v = view(await c.post(`/api/v1/sessions/${sessionId}/steps/${st.id}/answer`, answer));
    }
    return v;
  }

  /** Escalates, lets the assessment run, and the senior claims, asks the assistant and resolves. */
  async function escalateAndResolve(testApp: TestApp, c: Record<'tech' | 'senior', TestClient>, id: string) {
    const created = handoff(
      await c.tech.post(`/api/v1/sessions/${id}/handoffs`, {
        intent: 'escalate',
        engineer_notes: 'Tried a lot',
      }),
      201,
    );
    matches(z.object({ items: z.array(QueueItem) }), await c.senior.get('/api/v1/handoffs/queue'));
    await testApp.assessments.idle();
    handoff(await c.senior.get(`/api/v1/handoffs/${created.id}`));
    handoff(await c.senior.post(`/api/v1/handoffs/${created.id}/claim`));
    const listed = matches(
      z.object({ items: z.array(Handoff) }),
      await c.senior.get(`/api/v1/sessions/${id}/handoffs`),
    );
    listed.items.forEach(recordAssessment);
    await work(c.senior, id, 12);
    view(await c.senior.post(`/api/v1/sessions/${id}/ask`));
    view(
      await c.senior.post(`/api/v1/sessions/${id}/resolve`, {
        root_cause: 'Stale cached credentials',
        resolution_summary: 'Cleared the credential manager entries',
      }),
    );
  }

  it('with the built-in engine: first answers, every kind of answer, notes, escalation and assessment', async () => {
    const testApp = createTestApp(t.db);
    const c = await team(testApp);
    const outlook = view(
      await c.tech.post('/api/v1/sessions', {
        problem: 'Outlook says trying to connect since this morning, webmail works fine',
        ticket: '#4711',
        client: 'Contoso',
        log: 'OST file is 48 GB',
      }),
      201,
    );
    await work(c.tech, outlook.session.id, 4);
    view(
      await c.tech.post(`/api/v1/sessions/${outlook.session.id}/steps`, { text: 'Checked the DNS too' }),
      201,
    );
    expect(
      (await c.tech.post(`/api/v1/sessions/${outlook.session.id}/facts`, { text: 'VPN is up' })).status,
    ).toBe(201);
    await escalateAndResolve(testApp, c, outlook.session.id);

    view(
      await c.tech.post('/api/v1/sessions', { problem: 'Sign-in fails with AADSTS50076 on the phone' }),
      201,
    );
    const nothing = view(
      await c.tech.post('/api/v1/sessions', {
        problem: 'Can you tell me whether my home office costs are tax deductible this year?',
      }),
      201,
    );
    // Once the assistant has nothing left to propose, asking it again gives a briefing.
    await work(c.tech, nothing.session.id, 30);
    view(await c.tech.post(`/api/v1/sessions/${nothing.session.id}/ask`));
    view(await c.tech.post(`/api/v1/sessions/${nothing.session.id}/pause`));
    matches(z.object({ items: z.array(Session) }), await c.tech.get('/api/v1/sessions?scope=mine'));
  });

  it('with a hosted model, answering and failing: provider and fallback on steps and assessments', async () => {
    const config = testConfig({
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: llm.url,
      AI_MODEL: 'fake-model',
      AI_API_KEY: 'sk-test',
      AI_REQUEST_TIMEOUT_MS: '500',
    });
    const testApp = createTestApp(t.db, { config });
    const c = await team(testApp);
    llm.mode = 'ok';
    const hosted = view(
      await c.tech.post('/api/v1/sessions', { problem: 'Outlook keeps asking for a password' }),
      201,
    );
    llm.mode = 'server_error';
    await work(c.tech, hosted.session.id, 2);
    await escalateAndResolve(testApp, c, hosted.session.id);

    llm.mode = 'ok';
    const again = view(
      await c.tech.post('/api/v1/sessions', { problem: 'Outlook keeps asking for a password' }),
      201,
    );
    llm.output = {
      summary_prose: 'The tech escalated a password prompt loop in Outlook.',
      what_we_know: ['Webmail works'],
      tried: [{ step: 'New profile', outcome: 'failed' }],
      likely_cause: 'Stale cached credentials',
      suggested_steps: ['Clear the credential manager entries'],
      confidence: 'medium',
    };
    await escalateAndResolve(testApp, c, again.session.id);
  });

  it('covered every kind of step content, answer and assessment', () => {
    expect([...seen.content]).toEqual(
      expect.arrayContaining([
        'text',
        'options',
        'command',
        'expected_outcome',
        'rationale',
        'sources',
        'confidence_factors',
        'likely_causes',
        'no_match',
        'cause',
        'fix',
        'verification',
        'provider',
        'fallback',
      ]),
    );
    expect([...seen.answer]).toEqual(expect.arrayContaining(['option', 'label', 'text', 'skipped']));
    expect([...seen.kinds]).toEqual(
      expect.arrayContaining(['question', 'action', 'resolution_suggestion', 'note', 'briefing']),
    );
    expect(assessments).toEqual(
      expect.arrayContaining([
        { provider: 'builtin', fallback: false },
        { provider: 'builtin', fallback: true },
        { provider: 'openai-compatible', fallback: false },
      ]),
    );
  });
});
