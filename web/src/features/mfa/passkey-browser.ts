import {
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { Schemas } from '../../api/client';
import { errorMessage } from '../../lib/errors';

/**
 * The browser side of the WebAuthn ceremonies. The server's options are passed on as they came (the
 * API types them loosely: they are the library's own JSON form); a cancelled or refused prompt
 * becomes an error with a sentence the user can act on.
 */

/** A failure of the browser's prompt (not of the server): its message is meant for the user. */
export class PasskeyPromptError extends Error {}

const cancelled = (error: unknown) =>
  error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError');

function explain(error: unknown, what: string): PasskeyPromptError {
  if (cancelled(error)) return new PasskeyPromptError(`The ${what} was cancelled or timed out. Try again.`);
  if (error instanceof Error && error.name === 'InvalidStateError') {
    return new PasskeyPromptError('This passkey is already registered for you.');
  }
  return new PasskeyPromptError(`Your browser could not complete the ${what}.`);
}

/** The text to show for a failed passkey action, whether the browser or the server refused it. */
export const passkeyErrorText = (error: unknown, fallback: string) =>
  error instanceof PasskeyPromptError ? error.message : errorMessage(error, fallback);

export async function askPasskey(options: Schemas['PasskeyOptions']): Promise<Schemas['PasskeyAssertion']> {
  try {
    const answer = await startAuthentication({
      optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
    });
    return answer as Schemas['PasskeyAssertion'];
  } catch (error) {
    throw explain(error, 'passkey sign-in');
  }
}

export async function createPasskey(
  options: Schemas['PasskeyOptions'],
): Promise<Schemas['PasskeyAttestation']> {
  try {
    const answer = await startRegistration({
      optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
    });
    return answer as Schemas['PasskeyAttestation'];
  } catch (error) {
    throw explain(error, 'passkey set-up');
  }
}
