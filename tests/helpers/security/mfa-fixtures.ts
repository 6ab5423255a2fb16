import { TEST_PASSWORD } from '../factories';
import { TestClient } from '../test-client';
import { enrolTotp, totpCodeAt } from './mfa';
import { addMember, sessionFor } from './members';
import { ok, type Fixture, type PermissionWorld, type Subject, type WorldUser } from './permission-world';

// Permission fixtures for two-factor sign-in. Enrolment changes the caller's own account, so every
// call gets a fresh member of the subject's role (the shared members stay without MFA).

async function freshMember(w: PermissionWorld, subject: Subject) {
  const role = subject in w.users ? w.users[subject as WorldUser].role : 'tech';
  const member = await addMember(w.db, w.accountId, role, 'mfa');
  return { member, client: await sessionFor(w.app, w.db, { id: member.id, accountId: w.accountId }) };
}

/** A fresh member of the subject's role with an authenticator app set up (anonymous gets a body only). */
async function enrolled(w: PermissionWorld, subject: Subject) {
  const { member, client } = await freshMember(w, subject);
  const { recoveryCodes } = await enrolTotp(client);
  return { member, recoveryCodes };
}

export const MFA_FIXTURES = {
  mfaChallenge: async (w) => {
    const { member, recoveryCodes } = await enrolled(w, 'tech');
    const login = await ok(
      new TestClient(w.app, '198.51.100.77').post('/api/v1/auth/login', {
        email: member.email,
        password: TEST_PASSWORD,
      }),
      200,
    );
    return { body: { mfa_token: login.mfa_token, recovery_code: recoveryCodes[0] } };
  },
  mfaStart: async (w, subject) =>
    subject === 'anonymous' ? {} : { caller: (await freshMember(w, subject)).member },
  mfaConfirm: async (w, subject) => {
    const { member, client } = await freshMember(w, subject);
    const secret = (await ok(client.post('/api/v1/me/mfa/totp'), 200)).secret as string;
    return { caller: subject === 'anonymous' ? undefined : member, body: { code: totpCodeAt(secret) } };
  },
  mfaEnrolled: async (w, subject) => {
    const { member, recoveryCodes } = await enrolled(w, subject);
    return {
      caller: subject === 'anonymous' ? undefined : member,
      body: { recovery_code: recoveryCodes[0] },
    };
  },
  accountSettingsOff: async () => ({ body: { require_mfa: false } }),
} satisfies Record<string, Fixture>;
