import { TEST_PASSWORD } from '../factories';
import { TestClient } from '../test-client';
import { addMember, sessionFor } from './members';
import { registerPasskey, SoftAuthenticator } from './passkey';
import { ok, type Fixture, type PermissionWorld, type Subject, type WorldUser } from './permission-world';

// Permission fixtures for passkeys. Registering changes the caller's own factors, so every call gets
// a fresh member of the subject's role (the shared members stay without MFA).

async function freshMember(w: PermissionWorld, subject: Subject) {
  const role = subject in w.users ? w.users[subject as WorldUser].role : 'tech';
  const member = await addMember(w.db, w.accountId, role, 'passkey');
  return { member, client: await sessionFor(w.app, w.db, { id: member.id, accountId: w.accountId }) };
}

const callerOf = (subject: Subject, member: { id: string }) =>
  subject === 'anonymous' ? undefined : (member as never);

export const PASSKEY_FIXTURES = {
  /** A tech with a passkey at the second sign-in step: the mfa_token (options for it are public). */
  passkeyChallenge: async (w) => {
    const { member, client } = await freshMember(w, 'tech');
    await registerPasskey(client, new SoftAuthenticator(w.appUrl));
    const login = await ok(
      new TestClient(w.app, '198.51.100.78').post('/api/v1/auth/login', {
        email: member.email,
        password: TEST_PASSWORD,
      }),
      200,
    );
    return { body: { mfa_token: login.mfa_token } };
  },
  /** The caller's own registration: options asked, and a right answer to them. */
  passkeyRegistration: async (w, subject) => {
    const { member, client } = await freshMember(w, subject);
    const options = await ok(client.post('/api/v1/me/mfa/passkeys/options'), 200);
    const response = new SoftAuthenticator(w.appUrl).register(options);
    return { caller: callerOf(subject, member), body: { name: 'Security key', response } };
  },
  /** A member with one passkey, removing it (the account does not require MFA). */
  passkeyOwned: async (w, subject) => {
    const { member, client } = await freshMember(w, subject);
    const id = await registerPasskey(client, new SoftAuthenticator(w.appUrl));
    return { caller: callerOf(subject, member), params: { id } };
  },
} satisfies Record<string, Fixture>;
