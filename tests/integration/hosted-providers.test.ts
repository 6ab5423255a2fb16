import { NO_ACCOUNT_KNOWLEDGE } from '../../server/ai/builtin/knowledge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuiltinEngine } from '../../server/ai/builtin/engine';
import { HostedAssistant } from '../../server/ai/hosted/hosted-assistant';
import type { EngineInput } from '../../server/ai/types';
import { createLogger } from '../../server/lib/logger';
import { createTestApp, testConfig } from '../helpers/app';
import { TestClient } from '../helpers/test-client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createTestAccount } from '../helpers/factories';
import { FakeLlm, type FakeLlmMode } from '../helpers/fake-llm';

const builtin = new BuiltinEngine();
const intake = { problem: 'Outlook says trying to connect since this morning, webmail works fine' };
const input: EngineInput = {
  intake,
  state: {},
  history: [],
  facts: [],
  assistantStepCount: 0,
  account: NO_ACCOUNT_KNOWLEDGE,
};

describe('hosted AI providers against a local fake server', () => {
  let llm: FakeLlm;
  beforeAll(async () => {
    llm = await new FakeLlm().start();
  });
  afterAll(() => llm.stop());

  for (const kind of ['anthropic', 'openai-compatible'] as const) {
    const assistant = () =>
      new HostedAssistant(
        kind,
        { kind, baseUrl: llm.url, model: 'fake-model', apiKey: 'sk-test-secret' },
        builtin,
        500,
        createLogger('silent'),
      );

    describe(kind, () => {
      it('uses the model’s step when it answers valid JSON, grounded with knowledge sources', async () => {
        llm.mode = 'ok';
        llm.requests = [];
        const turn = await assistant().nextStep(input);
        expect(turn).toMatchObject({ provider: kind, fallback: false, confidence: 0.62 });
        expect(turn.step?.content.text).toContain('AutoConfiguration');
        expect(turn.step?.content.sources[0]?.id).toBe('outlook-disconnected-profile-corrupt');
        const req = llm.requests.at(-1)!;
        if (kind === 'anthropic') {
          expect(req.path).toBe('/v1/messages');
          expect(req.headers['x-api-key']).toBe('sk-test-secret');
          expect(req.body.model).toBe('fake-model');
        } else {
          expect(req.path).toBe('/chat/completions');
          expect(req.headers.authorization).toBe('Bearer sk-test-secret');
          expect(req.body.response_format).toEqual({ type: 'json_object' });
        }
        expect(JSON.stringify(req.body)).toContain('Outlook says trying to connect');
      });

      it('is given the account’s articles as numbered knowledge and cites the ones it used', async () => {
        const article = {
          kind: 'article' as const,
          id: 'a1b2c3d4-0000-4000-8000-000000000001',
          title: 'Outlook stuck on Trying to connect at Harbor Dental',
          body: '## Cause\nThe reception PCs still point at the old Autodiscover record.\n\n## Fix\nRemove the stale autodiscover CNAME.',
          tags: ['outlook'],
        };
        const withArticle: EngineInput = { ...input, account: { search: async () => [article] } };
        llm.mode = 'ok';
        await assistant().nextStep(withArticle);
        const prompt = JSON.stringify(llm.requests.at(-1)!.body);
        const number = /\[(\d+)\] article \\"Outlook stuck on Trying to connect at Harbor Dental\\"/.exec(
          prompt,
        )?.[1];
        expect(number, prompt).toBeDefined();
        llm.output = { ...llm.output, cites: [Number(number), 99] };
        try {
          const turn = await assistant().nextStep(withArticle);
          expect(turn.step?.content.sources).toEqual([
            { kind: 'article', id: article.id, title: article.title },
          ]);
        } finally {
          delete llm.output.cites;
        }
      });

      it('accepts JSON wrapped in prose or a code fence', async () => {
        llm.mode = 'wrapped_json';
        const turn = await assistant().nextStep(input);
        expect(turn.fallback).toBe(false);
      });

      const failures: FakeLlmMode[] = [
        'rate_limited',
        'server_error',
        'slow',
        'malformed_body',
        'invalid_output',
      ];
      for (const mode of failures) {
        it(`falls back to the built-in engine when the model is ${mode.replace('_', ' ')}`, async () => {
          llm.mode = mode;
          const started = Date.now();
          const turn = await assistant().nextStep(input);
          expect(turn.fallback).toBe(true);
          expect(turn.provider).toBe('builtin');
          expect(turn.step?.content.sources[0]?.id).toBe('outlook-disconnected-profile-corrupt');
          // The 500 ms timeout bounds the slow case (the fake takes 2 s).
          expect(Date.now() - started).toBeLessThan(1800);
          const triage = await assistant().triage(intake);
          expect(triage.problem_domain).toBe('email');
        });
      }

      it('triage uses the model when it works', async () => {
        llm.mode = 'ok';
        expect(await assistant().triage(intake)).toEqual({
          problem_summary: 'Model summary of the problem',
          problem_domain: 'email',
        });
      });
    });
  }
});

describe('a session created with a hosted provider configured', () => {
  let t: TestDatabase;
  let llm: FakeLlm;
  beforeAll(async () => {
    t = await createTestDatabase();
    llm = await new FakeLlm().start();
  });
  afterAll(async () => {
    await llm.stop();
    await t.drop();
  });

  it('records the provider, and the fallback when the model fails; the API key never appears in responses', async () => {
    const config = testConfig({
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: llm.url,
      AI_MODEL: 'fake-model',
      AI_API_KEY: 'sk-never-show-me',
      AI_REQUEST_TIMEOUT_MS: '500',
    });
    const app = createTestApp(t.db, { config }).app;
    const acct = await createTestAccount(t.db, { tech: 'tech' });
    const c = new TestClient(app);
    await c.login(acct.users.tech.email);
    llm.mode = 'ok';
    const ok = await c.post('/api/v1/sessions', intake);
    expect(ok.status).toBe(201);
    expect(ok.body.session.provider).toBe('openai-compatible');
    expect(ok.body.session.problem_summary).toBe('Model summary of the problem');
    llm.mode = 'server_error';
    const failed = await c.post('/api/v1/sessions', intake);
    expect(failed.status).toBe(201);
    expect(failed.body.current_step.content.fallback).toBe(true);
    expect(JSON.stringify([ok.body, failed.body])).not.toContain('sk-never-show-me');
  });
});
