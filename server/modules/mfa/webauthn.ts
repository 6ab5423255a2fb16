import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Config } from '../../config';
import type { PasskeyRow } from './passkeys.repo';

/**
 * The WebAuthn ceremonies, wrapped so the rest of the module sees plain answers. The relying party
 * is this installation: its id is APP_URL's host name and the only origin accepted is APP_URL's.
 */

// Loaded on the first passkey ceremony, not at start: most installations never use it, and the
// library with its crypto dependencies holds several MiB of an idle server's memory.
const simpleWebAuthn = () => import('@simplewebauthn/server');

export type RelyingParty = { id: string; origin: string; name: string };

export function relyingPartyFor(config: Pick<Config, 'appUrl'>): RelyingParty {
  const url = new URL(config.appUrl);
  return { id: url.hostname, origin: url.origin, name: 'ResolutionFlow' };
}

/** How long a registration or sign-in challenge may be answered. */
export const WEBAUTHN_CHALLENGE_MINUTES = 5;
const TIMEOUT_MS = WEBAUTHN_CHALLENGE_MINUTES * 60_000;

const transportsOf = (row: Pick<PasskeyRow, 'transports'>) =>
  row.transports as AuthenticatorTransportFuture[];

export async function registrationOptions(
  rp: RelyingParty,
  user: { id: string; email: string; name: string },
  existing: PasskeyRow[],
) {
  const { generateRegistrationOptions } = await simpleWebAuthn();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name,
    userID: new Uint8Array(Buffer.from(user.id, 'utf8')),
    timeout: TIMEOUT_MS,
    attestationType: 'none',
    // The same authenticator twice would add nothing; the browser refuses it up front.
    excludeCredentials: existing.map((p) => ({ id: p.credential_id, transports: transportsOf(p) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

export type NewPasskey = { credentialId: string; publicKey: string; counter: number; transports: string[] };

/**
 * The library's messages can quote the expected challenge; the caller gets a reason of its own
 * words instead, precise enough to act on.
 */
function refusalReason(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/counter/i.test(message))
    return 'The passkey’s signature counter went backwards; it may have been copied';
  if (/challenge/i.test(message)) return 'The passkey answered another request; start again';
  if (/origin|rp ?id/i.test(message)) return 'The passkey answer was made for another site';
  return 'The passkey answer could not be verified';
}

/** Checks a registration answer against the challenge it was made for. */
export async function verifyRegistration(
  rp: RelyingParty,
  challenge: string,
  response: RegistrationResponseJSON,
): Promise<{ ok: true; passkey: NewPasskey } | { ok: false; reason: string }> {
  const { verifyRegistrationResponse } = await simpleWebAuthn();
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
    if (!result.verified) return { ok: false, reason: 'The passkey could not be verified' };
    const { credential } = result.registrationInfo;
    return {
      ok: true,
      passkey: {
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: credential.transports ?? response.response.transports ?? [],
      },
    };
  } catch (error) {
    return { ok: false, reason: refusalReason(error) };
  }
}

export async function authenticationOptions(rp: RelyingParty, passkeys: PasskeyRow[]) {
  const { generateAuthenticationOptions } = await simpleWebAuthn();
  return generateAuthenticationOptions({
    rpID: rp.id,
    timeout: TIMEOUT_MS,
    allowCredentials: passkeys.map((p) => ({ id: p.credential_id, transports: transportsOf(p) })),
    userVerification: 'preferred',
  });
}

/** Checks a sign-in answer; answers the authenticator's new counter. A counter that went back is refused here. */
export async function verifyAuthentication(
  rp: RelyingParty,
  challenge: string,
  passkey: PasskeyRow,
  response: AuthenticationResponseJSON,
): Promise<{ ok: true; newCounter: number } | { ok: false; reason: string }> {
  const { verifyAuthenticationResponse } = await simpleWebAuthn();
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credential_id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
        counter: passkey.counter,
        transports: transportsOf(passkey),
      },
      requireUserVerification: false,
    });
    if (!result.verified) return { ok: false, reason: 'The passkey could not be verified' };
    return { ok: true, newCounter: result.authenticationInfo.newCounter };
  } catch (error) {
    return { ok: false, reason: refusalReason(error) };
  }
}
