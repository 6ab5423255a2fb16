import { afterAll, beforeAll } from 'vitest';
import { createTestApp, testConfig, type TestApp } from './app';
import { manualClock } from './clock';
import { createTestDatabase, type TestDatabase } from './db';
import { reply, startReceiver, type Receiver } from './http-receiver';

/**
 * Call inside a describe block: a database and app whose delivery worker runs on a clock the test
 * moves by hand and is kicked by hand, so minutes of retry backoff and pacing cost no real time.
 * Private receiver addresses are allowed (they listen on 127.0.0.1). No SMTP_URL: member emails go
 * to the dev outbox, out of the way of the channel rows under test.
 */
export function manualDeliverySuite(sendTimeoutMs: number) {
  const clock = manualClock();
  const receivers: Receiver[] = [];
  let t: TestDatabase | undefined;
  let testApp: TestApp | undefined;

  beforeAll(async () => {
    t = await createTestDatabase();
    testApp = createTestApp(t.db, {
      config: testConfig({ ALLOW_PRIVATE_WEBHOOKS: 'true' }),
      clock: clock.now,
      deliveries: { sendTimeoutMs },
    });
  });
  afterAll(async () => {
    await testApp?.deliveries.stop();
    await testApp?.assessments.stop();
    await Promise.all(receivers.map((r) => r.close()));
    await t?.drop();
  });

  const started = () => {
    if (!t || !testApp)
      throw new Error("the database and app are only there once the suite's beforeAll has run");
    return { t, testApp };
  };

  return {
    clock,
    get db() {
      return started().t.db;
    },
    get app() {
      return started().testApp.app;
    },
    /** Wakes the worker and waits until it has done everything that is due at the clock's time. */
    deliver: async () => {
      const { testApp } = started();
      testApp.deliveries.kick();
      await testApp.deliveries.idle();
    },
    /** A receiver on 127.0.0.1 answering with `respond`; closed after the suite. */
    receiver: async (respond: Parameters<typeof startReceiver>[0] = reply.ok) => {
      const r = await startReceiver(respond);
      receivers.push(r);
      return r;
    },
  };
}
