import { describe, expect, it } from 'vitest';
import { budgetFor, budgetWaitMs, RequestBudget, VENDOR_BUDGETS } from './psa-rate-budget';

describe('PSA request budget', () => {
  it('counts requests in a sliding window and says how long until the oldest leaves it', () => {
    const budget = new RequestBudget({ limit: 3, windowMs: 60_000, label: '3 a minute' });
    expect(budget.take(0)).toBeNull();
    expect(budget.take(10_000)).toBeNull();
    expect(budget.take(20_000)).toBeNull();
    expect(budget.take(30_000)).toEqual({
      retryAfterMs: 30_000,
      reason: 'the request budget (3 a minute) is used up',
    });
    // The refused request was not counted; the first one leaves the window at 60 s.
    expect(budget.used(30_000)).toBe(3);
    expect(budget.take(60_000)).toBeNull();
    expect(budget.used(60_000)).toBe(3);
  });

  it('holds every request until a wait the PSA asked for (429 Retry-After) is over', () => {
    const budget = new RequestBudget(VENDOR_BUDGETS.autotask);
    budget.block(5_000);
    expect(budget.take(1_000)).toMatchObject({ retryAfterMs: 4_000 });
    expect(budget.take(5_000)).toBeNull();
  });

  it('Autotask allows 10,000 requests an hour, then refuses the next one', () => {
    const budget = new RequestBudget(VENDOR_BUDGETS.autotask);
    for (let i = 0; i < 10_000; i++) expect(budget.take(i)).toBeNull();
    expect(budget.take(10_000)).toEqual({
      retryAfterMs: 3_600_000 - 10_000,
      reason: 'the request budget (10,000 requests an hour) is used up',
    });
  });

  it('tells the delivery worker how long to hold off, without counting a request', () => {
    const account = `account-${Math.random()}`;
    expect(budgetWaitMs('autotask', account, 0)).toBe(0); // no calls yet: nothing kept
    const budget = budgetFor(`autotask:${account}`, { limit: 1, windowMs: 1_000, label: '1 a second' });
    expect(budget.take(100)).toBeNull();
    expect(budgetWaitMs('autotask', account, 400)).toBe(700);
    expect(budgetWaitMs('autotask', account, 400)).toBe(700); // asking did not count
    expect(budgetWaitMs('connectwise', account, 400)).toBe(0);
    budget.block(5_000);
    expect(budgetWaitMs('autotask', account, 2_000)).toBe(3_000);
  });
});
