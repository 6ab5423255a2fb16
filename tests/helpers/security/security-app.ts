import { createTestApp, testConfig, type TestApp, type TestAppOptions } from '../app';
import { createTestDatabase, type TestDatabase } from '../db';
import { autotaskKit } from '../fake-psa-kits';
import { reply, startReceiver, type Receiver } from '../http-receiver';
import { listen } from '../http-server';
import { startPsa, type Psa } from './psa';
import { startSuiteSlack } from './slack';

export type SecurityApp = {
  t: TestDatabase;
  testApp: TestApp;
  server: { url: string; close: () => Promise<void> };
  receiver: Receiver;
  psa: Psa;
  /** Stops the app's workers and closes everything above, the database last. */
  stop: () => Promise<void>;
};

/**
 * What the security sweeps call into: a fresh database, the app served on a real socket, a webhook
 * receiver that accepts everything, a ConnectWise stand-in and Autotask's zone discovery. The
 * stand-ins listen on 127.0.0.1, so private addresses are allowed.
 */
export async function startSecurityApp(streamLimits: TestAppOptions['streamLimits']): Promise<SecurityApp> {
  const t = await createTestDatabase();
  const receiver = await startReceiver(reply.ok);
  const psa = await startPsa();
  // Slack's Web API stand-in: saving the Slack app checks its token with auth.test there.
  const slack = await startSuiteSlack();
  // Autotask's zone discovery, which a connection switched to Autotask calls before anything else:
  // left at its public default it is a DNS lookup leaving the machine (five seconds to fail here).
  const autotask = await autotaskKit();
  const testApp = createTestApp(t.db, {
    config: testConfig({
      ALLOW_PRIVATE_WEBHOOKS: 'true',
      SLACK_API_URL: slack.apiUrl,
      ...autotask.env,
    }),
    streamLimits,
  });
  const server = await listen(testApp.app);
  const stop = async () => {
    await testApp.realtime.bus.stop();
    await testApp.assessments.stop();
    await server.close();
    await receiver.close();
    await psa.close();
    await slack.close();
    await autotask.close();
    await t.drop();
  };
  return { t, testApp, server, receiver, psa, stop };
}
