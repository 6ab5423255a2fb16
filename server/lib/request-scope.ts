import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request being served, for code far from the HTTP layer (the logger) without passing it down.
 * AsyncLocalStorage follows the request through every await and callback it starts.
 */
type RequestScope = { requestId: string };

const scope = new AsyncLocalStorage<RequestScope | undefined>();

/** Runs `fn`, and everything it starts, as part of the request `requestId`. */
export function runInRequestScope<T>(requestId: string, fn: () => T): T {
  return scope.run({ requestId }, fn);
}

/** The id of the request being served, or undefined outside one (startup, background work). */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

/**
 * Runs `fn` outside any request. For background work a request merely wakes up: it serves everyone,
 * and the timers it sets would otherwise carry that request's id into later, unrelated runs.
 */
export function outsideRequestScope<T>(fn: () => T): T {
  // run(undefined) rather than exit(): the same thing, on the API Node marks stable.
  return scope.run(undefined, fn);
}
