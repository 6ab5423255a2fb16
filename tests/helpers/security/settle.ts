import { passwordResetMailsSettled } from '../../../server/modules/auth/password-reset.mail';
import type { TestApp } from '../app';

/**
 * Waits for the work a request leaves running after its answer (assessments, file imports,
 * password reset mail), so a snapshot taken afterwards sees everything that request caused and nothing later.
 */
export async function settle(testApp: Pick<TestApp, 'assessments'> & Partial<Pick<TestApp, 'imports'>>) {
  await testApp.assessments.idle();
  await testApp.imports?.idle();
  await passwordResetMailsSettled();
}
