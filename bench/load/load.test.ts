import { describe, expect, it } from 'vitest';
import { parseBlock } from '../lib/sse-reader';
import { percentile, summarize } from '../lib/stats';
import { accountMix, runLoad } from './load';
import { Recorder } from './recorder';
import { markdownReport, verdict } from './report';

describe('building blocks', () => {
  it('percentiles are nearest-rank, whatever the input order', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 90)).toBe(9);
    expect(percentile(xs, 99)).toBe(10);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(summarize(xs)).toMatchObject({ n: 10, p50: 5, p90: 9, p99: 10, max: 10, mean: 5.5 });
  });

  it('splits an account into techs, seniors and admins', () => {
    expect(accountMix(20)).toEqual({ tech: 14, engineer: 5, admin: 1 });
    expect(accountMix(5)).toEqual({ tech: 3, engineer: 1, admin: 1 });
  });

  it('parses SSE blocks and skips heartbeats', () => {
    expect(parseBlock('retry: 1000\nevent: ready\ndata: {"user_id":"u"}')).toEqual({
      id: null,
      event: 'ready',
      data: '{"user_id":"u"}',
    });
    expect(parseBlock('id: 42\nevent: handoff_created\ndata: {"handoff_id":"h"}')).toEqual({
      id: '42',
      event: 'handoff_created',
      data: '{"handoff_id":"h"}',
    });
    expect(parseBlock(': heartbeat')).toBeNull();
  });

  it('counts a lost claim race apart from errors, and groups errors by route, status and code', () => {
    const r = new Recorder();
    r.record('POST /handoffs/{id}/claim', 12);
    r.expect('POST /handoffs/{id}/claim', 'claim-race-lost');
    r.fail({ route: 'POST /sessions', status: 500, code: 'INTERNAL', message: 'boom' });
    r.fail({ route: 'POST /sessions', status: 500, code: 'INTERNAL', message: 'boom again' });
    expect(r.expectedCount('claim-race-lost')).toBe(1);
    expect(r.errorGroups()).toEqual([
      { route: 'POST /sessions', status: 500, code: 'INTERNAL', message: 'boom', count: 2 },
    ]);
    expect(r.routes().map((x) => [x.route, x.latency.n, x.errors])).toEqual([
      ['POST /handoffs/{id}/claim', 1, 0],
      ['POST /sessions', 0, 2],
    ]);
  });
});

describe('a short run', () => {
  // Not a performance check: it proves the script drives the real server end to end.
  it('runs 5 virtual users for 3 s on the embedded database without errors and delivers every frame', async () => {
    const result = await runLoad({
      vus: 5,
      accounts: 1,
      durationS: 3,
      thinkMs: [50, 150],
      history: { sessions: 50, days: 30, stepsPerSession: 2, escalatedShare: 0.4 },
    });
    expect(result.errorList).toEqual([]);
    expect(result.errors).toBe(0);
    expect(result.requests).toBeGreaterThan(0);
    expect(result.routes.map((r) => r.route)).toEqual(
      expect.arrayContaining(['POST /sessions', 'GET /analytics/escalations', 'GET /handoffs/queue']),
    );
    expect(result.stream.received).toBe(result.stream.expected);
    expect(result.stream.duplicates).toBe(0);
    expect(result.rssMb.peak).toBeGreaterThanOrEqual(result.rssMb.start);
    expect(markdownReport(result)).toContain('| route | requests | errors | p50 | p99 |');
    expect(verdict(result)[0]).toBe('errors: met (0)');
  });
});
