import { passwordResetMailsSettled } from '../../../server/modules/auth/password-reset.mail';
import { slackInteractionsSettled } from '../../../server/modules/slack/slack-interactions';
import type { TestApp } from '../app';

/**
 * Waits for the work a request leaves running after its answer (assessments, file imports,
 * password reset mail, Slack clicks), so a snapshot taken afterwards sees everything that request caused and nothing later.
 */
export async function settle(testApp: Pick<TestApp, 'assessments'> & Partial<Pick<TestApp, 'imports'>>) {
  await testApp.assessments.idle();
  await testApp.imports?.idle();
  await passwordResetMailsSettled();
  await slackInteractionsSettled();
}
