/**
 * Autotask's thread limit: integrations made since Autotask 2023.1 may run three requests at a time
 * per API tracking identifier and object endpoint (Autotask developer help, "API thread limiting").
 * A fourth would be refused, so it waits here for a free slot instead. Per process, like the request
 * budget: several server processes can still exceed it together, and then Autotask's own answer
 * (an error, retried on the delivery schedule) is what holds.
 */

export const AUTOTASK_THREADS = 3;

type Gate = { running: number; waiting: (() => void)[] };
const gates = new Map<string, Gate>();

/** The object endpoint of a path under `v1.0/`: `Tickets/12/Notes` and `Tickets/query` are `tickets`. */
export const objectEndpoint = (pathUnderVersion: string) =>
  (pathUnderVersion.split(/[/?]/, 1)[0] ?? '').toLowerCase();

/** Runs `call` once fewer than AUTOTASK_THREADS calls with the same key are running. */
export async function inAutotaskThread<T>(key: string, call: () => Promise<T>): Promise<T> {
  let gate = gates.get(key);
  if (!gate) gates.set(key, (gate = { running: 0, waiting: [] }));
  const g = gate;
  if (g.running < AUTOTASK_THREADS) g.running++;
  else await new Promise<void>((resolve) => g.waiting.push(resolve));
  try {
    return await call();
  } finally {
    // The slot passes straight to the next waiter, so a newcomer cannot overtake the queue.
    const next = g.waiting.shift();
    if (next) next();
    else if (--g.running === 0) gates.delete(key);
  }
}
