import { describe, expect, it } from 'vitest';
import { HISTORY_DAYS, planDemoHistory, type DemoHistory } from './demo-history-plan';

const people = {
  techs: ['tech-1', 'tech-2'],
  seniors: ['senior-1', 'senior-2'],
  names: new Map([
    ['tech-1', 'Theo Tech'],
    ['tech-2', 'Tara Tech'],
  ]),
};
const NOW = new Date('2026-12-05T09:30:00Z');

/** The history without its random row ids: what must come out the same from the same inputs. */
function shape(h: DemoHistory) {
  return {
    sessions: h.sessions.map((s) => [
      s.user_id,
      s.status,
      s.problem_summary,
      s.created_at.getTime(),
      s.resolved_at?.getTime(),
    ]),
    handoffs: h.handoffs.map((x) => [
      x.claimed_by,
      x.created_at.getTime(),
      x.claimed_at?.getTime(),
      x.first_action_at?.getTime(),
      x.policy_level,
    ]),
    baselines: h.baselines.map((b) => [b.user_id, b.seconds, b.measured_at.getTime()]),
    steps: h.steps.length,
    facts: h.facts.length,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('demo history plan', () => {
  const h = planDemoHistory(NOW, people);

  it('is deterministic: the same day and people give the same history', () => {
    expect(shape(planDemoHistory(NOW, people))).toEqual(shape(h));
    // Relative to the day of first start: a later day moves the whole history with it.
    const later = planDemoHistory(new Date(NOW.getTime() + 7 * 86_400_000), people);
    expect(later.sessions[0]!.created_at.getTime()).toBeGreaterThan(h.sessions[0]!.created_at.getTime());
  });

  it('covers ninety days before today and nothing of today', () => {
    const startOfToday = Date.UTC(2026, 11, 5);
    const times = h.sessions.map((s) => s.created_at.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(startOfToday - HISTORY_DAYS * 86_400_000);
    expect(Math.max(...h.sessions.map((s) => s.updated_at.getTime()))).toBeLessThan(
      startOfToday + 86_400_000,
    );
    expect(Math.max(...times)).toBeLessThan(startOfToday);
    expect(new Set(h.sessions.map((s) => s.problem_domain)).size).toBeGreaterThanOrEqual(12);
  });

  it('escalates about one session in seven, with claims and first actions in order', () => {
    const share = h.handoffs.length / h.sessions.length;
    expect(share).toBeGreaterThan(0.12);
    expect(share).toBeLessThan(0.18);
    for (const x of h.handoffs) {
      if (x.claimed_at) expect(x.claimed_at.getTime()).toBeGreaterThan(x.created_at.getTime());
      if (x.first_action_at) expect(x.first_action_at.getTime()).toBeGreaterThan(x.claimed_at!.getTime());
      expect(x.resolved_at.getTime()).toBeGreaterThan(x.created_at.getTime());
    }
    const unclaimed = h.handoffs.filter((x) => !x.claimed_by);
    expect(unclaimed.length).toBeGreaterThan(0);
    expect(unclaimed.length).toBeLessThan(h.handoffs.length * 0.08);
    expect(h.handoffs.filter((x) => x.policy_level > 0).length).toBeGreaterThan(0);
    expect(h.handoffs.filter((x) => x.claimed_by && !x.first_action_at).length).toBeGreaterThan(0);
  });

  it('claims are quick in working hours and slower at night and at weekends', () => {
    const claimSeconds = (x: DemoHistory['handoffs'][number]) =>
      (x.claimed_at!.getTime() - x.created_at.getTime()) / 1000;
    const claimed = h.handoffs.filter((x) => x.claimed_at && x.priority !== 'p1');
    const office = claimed.filter((x) => {
      const d = x.created_at;
      return d.getUTCDay() >= 1 && d.getUTCDay() <= 5 && d.getUTCHours() >= 8 && d.getUTCHours() < 18;
    });
    const offHours = claimed.filter((x) => !office.includes(x));
    expect(offHours.length).toBeGreaterThan(3);
    expect(median(offHours.map(claimSeconds))).toBeGreaterThan(2 * median(office.map(claimSeconds)));
  });

  it('the seniors claim in turn', () => {
    const claimers = h.handoffs.filter((x) => x.claimed_by).map((x) => x.claimed_by);
    for (let i = 1; i < claimers.length; i++) expect(claimers[i]).not.toBe(claimers[i - 1]);
  });

  it('has ten stopwatch baselines of four to six minutes', () => {
    expect(h.baselines).toHaveLength(10);
    for (const b of h.baselines) {
      expect(b.seconds).toBeGreaterThanOrEqual(235);
      expect(b.seconds).toBeLessThanOrEqual(365);
    }
  });
});
