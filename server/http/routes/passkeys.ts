import { createRoute } from '@hono/zod-openapi';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { passkeySignInOptions } from '../../modules/mfa/mfa-challenge';
import {
  MfaTokenBody,
  PasskeyList,
  PasskeyOptions,
  PasskeyRegistered,
  PasskeyRegistrationBody,
} from '../../modules/mfa/mfa.schemas';
import {
  finishPasskeyRegistration,
  listOwnPasskeys,
  removePasskey,
  startPasskeyRegistration,
} from '../../modules/mfa/passkeys.service';
import { relyingPartyFor } from '../../modules/mfa/webauthn';
import {
  commonErrors,
  cookieAuth,
  createRouter,
  errorResponse,
  IdParam,
  jsonBody,
  jsonResponse,
} from '../openapi';
import { browserCtx } from './mfa';

/**
 * Passkeys (WebAuthn) as a second factor (SPEC §16): a user's own passkeys, changed from a browser
 * session only like the authenticator app, and the WebAuthn options of the sign-in's second step
 * (the answer itself goes to POST /auth/mfa with the other proofs).
 */

const signInOptionsRoute = createRoute({
  method: 'post',
  path: '/auth/mfa/passkey/options',
  tags: ['auth'],
  summary: 'Second sign-in step with a passkey: WebAuthn options bound to the mfa_token',
  request: { body: jsonBody(MfaTokenBody) },
  responses: {
    200: jsonResponse(PasskeyOptions, 'Pass to navigator.credentials.get, then POST /auth/mfa'),
    400: commonErrors[400],
    401: errorResponse('The mfa_token is unknown, expired or used (MFA_TOKEN_INVALID)'),
    409: errorResponse('The user has no passkey (PASSKEY_NONE)'),
    429: errorResponse('Too many wrong codes (MFA_TOO_MANY_ATTEMPTS); see Retry-After'),
  },
});

const registrationOptionsRoute = createRoute({
  method: 'post',
  path: '/me/mfa/passkeys/options',
  tags: ['mfa'],
  summary: 'Start registering a passkey: WebAuthn options with a single-use challenge',
  security: cookieAuth,
  responses: {
    200: jsonResponse(PasskeyOptions, 'Pass to navigator.credentials.create, then POST /me/mfa/passkeys'),
    ...commonErrors,
  },
});

const registerRoute = createRoute({
  method: 'post',
  path: '/me/mfa/passkeys',
  tags: ['mfa'],
  summary: 'Register a passkey with the browser’s answer; the first factor also gets ten recovery codes',
  security: cookieAuth,
  request: { body: jsonBody(PasskeyRegistrationBody) },
  responses: {
    201: jsonResponse(PasskeyRegistered, 'Registered; recovery codes only when the user had none'),
    409: errorResponse('This passkey is already registered (PASSKEY_ALREADY_REGISTERED)'),
    ...commonErrors,
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/me/mfa/passkeys',
  tags: ['mfa'],
  summary: 'One’s own passkeys',
  security: cookieAuth,
  responses: { 200: jsonResponse(PasskeyList, 'The passkeys, oldest first'), ...commonErrors },
});

const removeRoute = createRoute({
  method: 'delete',
  path: '/me/mfa/passkeys/{id}',
  tags: ['mfa'],
  summary: 'Remove one of one’s passkeys',
  security: cookieAuth,
  request: { params: IdParam },
  responses: {
    204: { description: 'Removed' },
    409: errorResponse('The last factor while the account requires two-factor sign-in (PASSKEY_LAST_FACTOR)'),
    ...commonErrors,
  },
});

export const passkeyRoutes = createRouter()
  .openapi(signInOptionsRoute, async (c) => {
    const { db, config, clock } = c.get('deps');
    const options = await passkeySignInOptions(
      db,
      relyingPartyFor(config),
      c.req.valid('json').mfa_token,
      clock(),
    );
    return c.json(options, 200);
  })
  .openapi(registrationOptionsRoute, async (c) => {
    const ctx = browserCtx(c, true);
    return c.json(await startPasskeyRegistration(ctx, relyingPartyFor(c.get('deps').config)), 200);
  })
  .openapi(registerRoute, async (c) => {
    const ctx = browserCtx(c, true);
    const { name, response } = c.req.valid('json');
    const registered = await finishPasskeyRegistration(ctx, relyingPartyFor(c.get('deps').config), {
      name,
      // The schema checked the shape; the library checks the content.
      response: response as RegistrationResponseJSON,
    });
    return c.json(registered, 201);
  })
  .openapi(listRoute, async (c) => {
    const ctx = browserCtx(c, true);
    return c.json({ passkeys: await listOwnPasskeys(ctx) }, 200);
  })
  .openapi(removeRoute, async (c) => {
    await removePasskey(browserCtx(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
