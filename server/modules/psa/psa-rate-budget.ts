/**
 * The request budgets the PSA vendors document, kept per account in this process, and the waits a
 * PSA asked for with 429 + Retry-After. A call that would exceed the budget, or that falls inside
 * a wait the PSA asked for, is not sent: it fails like a 429 (retried later by the delivery worker or
 * the history import, and shown in the delivery log), so we never spend a tenant's shared budget on
 * requests the PSA would refuse anyway.
 *
 * Budgets are per process: several server processes share the PSA's real budget, which is why a 429
 * from the PSA is still handled wherever it comes from.
 */

export type Budget = { limit: number; windowMs: number; label: string };

/**
 * Autotask: 10,000 API requests an hour per database (Autotask developer help, "REST API
 * supportability, query thresholds, and latency").
 * HaloPSA: 300 requests in a rolling 5 minutes per tenant. Halo publishes no figure we could find;
 * 300 is what hosted tenants' own 429 answers state ("Rate Limit Reached - 300 Requests per rolling
 * 5 minute window", quoted in public issue reports), and it also keeps under the 500 in 3 minutes
 * another public client assumes. Where a tenant allows more, we are only slower; a 429 is still
 * honoured whatever the figure. Sources: docs/PSA-PROVIDERS.md.
 */
export const VENDOR_BUDGETS = {
  autotask: { limit: 10_000, windowMs: 3_600_000, label: '10,000 requests an hour' },
  halopsa: { limit: 300, windowMs: 300_000, label: '300 requests in 5 minutes' },
} satisfies Record<string, Budget>;

export type BudgetRefusal = { retryAfterMs: number; reason: string };

/** A sliding window of request times plus the end of any wait the PSA asked for. */
export class RequestBudget {
  private readonly sent: number[] = [];
  private blockedUntil = 0;

  constructor(readonly budget: Budget) {}

  /** Counts a request now, or says how long to wait when it may not be sent. */
  take(now: number): BudgetRefusal | null {
    if (now < this.blockedUntil)
      return {
        retryAfterMs: this.blockedUntil - now,
        reason: 'it asked to wait (HTTP 429) and the wait is not over',
      };
    const from = now - this.budget.windowMs;
    while (this.sent.length && this.sent[0]! <= from) this.sent.shift();
    if (this.sent.length >= this.budget.limit)
      return {
        retryAfterMs: this.sent[0]! + this.budget.windowMs - now,
        reason: `the request budget (${this.budget.label}) is used up`,
      };
    this.sent.push(now);
    return null;
  }

  /** The PSA answered 429 with Retry-After: nothing more is sent until then. */
  block(until: number) {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  /** How long until a request may be sent (0: now), without counting one. */
  waitMs(now: number): number {
    if (now < this.blockedUntil) return this.blockedUntil - now;
    const from = now - this.budget.windowMs;
    const inWindow = this.sent.filter((t) => t > from);
    return inWindow.length >= this.budget.limit ? inWindow[0]! + this.budget.windowMs - now : 0;
  }

  /** Requests counted in the current window (tests, diagnostics). */
  used(now: number) {
    return this.sent.filter((t) => t > now - this.budget.windowMs).length;
  }
}

const budgets = new Map<string, RequestBudget>();

/** The budget of one PSA database in this process (`key`: provider and account). */
export function budgetFor(key: string, budget: Budget): RequestBudget {
  let found = budgets.get(key);
  if (!found || found.budget.limit !== budget.limit || found.budget.windowMs !== budget.windowMs) {
    found = new RequestBudget(budget);
    budgets.set(key, found);
  }
  return found;
}

/**
 * How long the account's PSA asked us (or its budget tells us) to hold off, without counting a
 * request: the delivery worker puts a write off for that long instead of spending an attempt on a
 * call that would not be sent. 0 when the provider keeps no budget here (ConnectWise) or may be called.
 */
export function budgetWaitMs(provider: string, accountId: string, now: number): number {
  return budgets.get(`${provider}:${accountId}`)?.waitMs(now) ?? 0;
}
