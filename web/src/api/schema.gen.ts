/**
 * The /api/v1 contract as TypeScript types, generated from the server's OpenAPI document.
 * Do not edit: change the zod schemas of the routes, then run `npm run api:generate`.
 */

export interface paths {
  '/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in with email and password; sets the session cookie, or answers an MFA challenge (no cookie) when the user has a second factor */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['LoginBody'];
        };
      };
      responses: {
        /** @description Signed in, or a second step is needed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionInfo'] | components['schemas']['MfaChallenge'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Wrong email or password */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Too many failed attempts */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out: revokes the session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Signed out */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in user, their account and the CSRF token */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Current user and their two-factor state */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MeInfo'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/password-reset': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Email a single-use password reset link (public; the same answer whether or not the email exists) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PasswordResetRequest'];
        };
      };
      responses: {
        /** @description Accepted: a link is mailed if the email belongs to an active user */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PasswordResetAccepted'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Too many requests for this email or from this address */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/password-reset/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether a password reset link can still be used, and for whom (public) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Usable link */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PasswordResetPreview'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Link used, replaced, expired, or the user is deactivated */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/password-reset/confirm': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Set a new password with a reset link; ends every other session and signs in (public) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PasswordResetConfirm'];
        };
      };
      responses: {
        /** @description Password changed and signed in, or (with MFA on) the second sign-in step is needed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionInfo'] | components['schemas']['MfaChallenge'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Link used, replaced, expired, or the user is deactivated */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me/sessions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your signed-in browser sessions that are still valid, newest first; `current` marks this one (always false when called with an API token) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Sessions */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['SignInSession'][];
            };
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me/sessions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Sign out one of your sessions (its live streams close at once); only your own */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Revoked */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me/sessions/revoke-others': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out all your other sessions, keeping this one (signed-in session only, not an API token) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The other sessions are revoked */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/mfa': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Second sign-in step: the mfa_token from /auth/login and a code or a passkey answer; sets the session cookie */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['MfaLoginBody'];
        };
      };
      responses: {
        /** @description Signed in */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionInfo'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Wrong code (MFA_CODE_INVALID), or the mfa_token is unknown, expired or used */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Too many wrong codes (MFA_TOO_MANY_ATTEMPTS); see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me/mfa/totp': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start setting up an authenticator app: a new secret, its otpauth URL and QR code */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Scan or type the secret, then confirm with a code */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MfaTotpEnrolment'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Already on, not on, or not started */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    /** Turn two-factor sign-in off (a current code or a recovery code is required) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['MfaProofBody'];
        };
      };
      responses: {
        /** @description Turned off */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Already on, not on, or not started */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Too many wrong codes (MFA_TOO_MANY_ATTEMPTS); see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me/mfa/totp/confirm': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Confirm the authenticator app with a first code; answers ten recovery codes (shown once) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['MfaTotpCodeBody'];
        };
      };
      responses: {
        /** @description Two-factor sign-in is on */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MfaRecoveryCodes'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Already on, not on, or not started */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Too many wrong codes (MFA_TOO_MANY_ATTEMPTS); see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me/mfa/recovery-codes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Replace all recovery codes with ten new ones (a current code or a recovery code is required) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['MfaProofBody'];
        };
      };
      responses: {
        /** @description New codes; the old ones no longer work */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MfaRecoveryCodes'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Already on, not on, or not started */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Too many wrong codes (MFA_TOO_MANY_ATTEMPTS); see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/mfa/passkey/options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Second sign-in step with a passkey: WebAuthn options bound to the mfa_token */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['MfaTokenBody'];
        };
      };
      responses: {
        /** @description Pass to navigator.credentials.get, then POST /auth/mfa */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PasskeyOptions'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The mfa_token is unknown, expired or used (MFA_TOKEN_INVALID) */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The user has no passkey (PASSKEY_NONE) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Too many wrong codes (MFA_TOO_MANY_ATTEMPTS); see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me/mfa/passkeys/options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start registering a passkey: WebAuthn options with a single-use challenge */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Pass to navigator.credentials.create, then POST /me/mfa/passkeys */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PasskeyOptions'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me/mfa/passkeys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One’s own passkeys */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The passkeys, oldest first */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PasskeyList'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Register a passkey with the browser’s answer; the first factor also gets ten recovery codes */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PasskeyRegistrationBody'];
        };
      };
      responses: {
        /** @description Registered; recovery codes only when the user had none */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PasskeyRegistered'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description This passkey is already registered (PASSKEY_ALREADY_REGISTERED) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me/mfa/passkeys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove one of one’s passkeys */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Removed */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The last factor while the account requires two-factor sign-in (PASSKEY_LAST_FACTOR) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/account/settings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Account-wide settings (admins and owners): whether every member must use two-factor sign-in */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Settings */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AccountSecuritySettings'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change account-wide settings (admins and owners; requiring MFA needs one’s own first) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['AccountSecurityPatch'];
        };
      };
      responses: {
        /** @description Saved */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AccountSecuritySettings'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Requiring MFA before setting it up for oneself (MFA_NOT_ENABLED) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/account/sso': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The account’s single sign-on settings (admins and owners; the client secret is never sent) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Settings */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SsoSettings'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    /** Save the account’s single sign-on settings (admins and owners) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['SsoSettingsBody'];
        };
      };
      responses: {
        /** @description Saved */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SsoSettings'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description An email domain is already used by another account (SSO_DOMAIN_TAKEN) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/account/sso/test-discovery': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Fetch the saved issuer’s discovery document and report whether it works (admins and owners) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description What the provider answered */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SsoDiscoveryResult'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Nothing saved yet (SSO_NOT_CONFIGURED) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/sso/start': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start single sign-on for a work email (public): answers the provider URL to send the browser to */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['SsoStartBody'];
        };
      };
      responses: {
        /** @description Send the browser to redirect_url */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SsoStartAnswer'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No account signs in with SSO for this email domain (SSO_DOMAIN_UNKNOWN) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The provider cannot be reached (SSO_PROVIDER_UNAVAILABLE) */
        502: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/sso/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where the provider sends the browser back (public): signs in and redirects to the app, or to the login page with ?sso_error=… */
    get: {
      parameters: {
        query?: {
          state?: string;
          code?: string;
          error?: string;
          error_description?: string;
          iss?: string;
          session_state?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description To the app (signed in) or to /login?sso_error=<reason> */
        302: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No, unknown, expired or used state, or another browser (SSO_STATE_INVALID) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The account's members */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Members */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Member'][];
            };
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/members/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change a member’s role or deactivate/reactivate them (admin, owner) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['MemberPatch'];
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              member: components['schemas']['Member'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Would leave the account without an owner */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/account/leave': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Leave the account (the last owner cannot) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Left and signed out */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Last owner */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invites': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Invites of the account (admin, owner) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Invites */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Invite'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Invite someone by email (admin, owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateInvite'];
        };
      };
      responses: {
        /** @description Invite created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['CreatedInvite'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Email already used by a member of this account */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invites/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an invite (admin, owner) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Revoked */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Already accepted */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invites/accept/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What an invite link is for (public) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Invite */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              email: string;
              /** @enum {string} */
              role: 'owner' | 'admin' | 'engineer' | 'tech' | 'viewer';
              account: components['schemas']['Account'];
            };
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Invite expired, revoked or already used */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invites/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Accept an invite with a name and password; signs in (public) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['AcceptInvite'];
        };
      };
      responses: {
        /** @description Account created and signed in */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionInfo'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Email in use */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Invite expired, revoked or already used */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your personal API tokens (without their secret) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Tokens */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['ApiToken'][];
            };
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Create a personal API token (shown once; signed-in session only, never with a token) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
          };
        };
      };
      responses: {
        /** @description Created; keep the token */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              name: string;
              token: string;
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke one of your API tokens */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Revoked */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/audit-log': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The account’s audit log, newest first, filtered and paged by cursor (owner, admin) */
    get: {
      parameters: {
        query?: {
          /** @description An exact action, or a prefix ending with a dot (`mfa.`) */
          action?: string;
          /** @description The acting member */
          actor?: string;
          target_type?: string;
          /** @description Inclusive; a date means the start of that UTC day */
          from?: string;
          /** @description Inclusive; a date means the whole UTC day */
          to?: string;
          limit?: number;
          /** @description next_cursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Entries; next_cursor is null on the last page */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['AuditEntry'][];
              next_cursor: string | null;
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/audit-log.csv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The filtered audit log as CSV, newest first, at most 10000 entries (owner, admin)
     * @description When the cap cuts the export short, the last line says so and the `X-Export-Truncated` header is `true`.
     */
    get: {
      parameters: {
        query?: {
          /** @description An exact action, or a prefix ending with a dot (`mfa.`) */
          action?: string;
          /** @description The acting member */
          actor?: string;
          target_type?: string;
          /** @description Inclusive; a date means the start of that UTC day */
          from?: string;
          /** @description Inclusive; a date means the whole UTC day */
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description CSV */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/csv': string;
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Sessions: mine, or the account’s (filterable by status) */
    get: {
      parameters: {
        query?: {
          scope?: 'mine' | 'account';
          status?: string;
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Sessions */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Session'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Start a guided troubleshooting session from an intake */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateSession'];
        };
      };
      responses: {
        /** @description Session with its first step */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A session with its steps, facts and current step */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Session */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{id}/steps/{step_id}/answer': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Answer the current step (option, text or skip; an outcome for actions) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          step_id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['Answer'];
        };
      };
      responses: {
        /** @description Updated session and the next step */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed in the session’s current status (body has current_status) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{id}/steps': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add a note of your own to the timeline */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['NoteInput'];
        };
      };
      responses: {
        /** @description Updated session */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed in the session’s current status (body has current_status) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{id}/facts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Add a fact, or promote an answered step to a fact */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['FactInput'];
        };
      };
      responses: {
        /** @description Fact added */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              fact: components['schemas']['Fact'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed in the session’s current status (body has current_status) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{id}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resolve with root cause and resolution summary */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['Resolve'];
        };
      };
      responses: {
        /** @description Resolved session */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed in the session’s current status (body has current_status) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{id}/pause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Pause an active session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Session */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed in the session’s current status (body has current_status) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{id}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resume a paused session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Session */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed in the session’s current status (body has current_status) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{id}/abandon': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Abandon an active or paused session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Session */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed in the session’s current status (body has current_status) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{id}/ask': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Ask the assistant for a next step when none is waiting (e.g. after claiming an escalation) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Session with the assistant’s proposal */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SessionDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed in the session’s current status (body has current_status) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{id}/notes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Ticket notes in Markdown, generated from the session record */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Markdown */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/markdown': string;
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/sessions/{id}/handoffs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Handoffs of a session (parks only for their author) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Handoffs */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Handoff'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Escalate the session to the seniors, or park it privately (session owner only) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateHandoff'];
        };
      };
      responses: {
        /** @description Handoff created; the assessment follows in the background */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              handoff: components['schemas']['Handoff'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Wrong status or an escalation is already open */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/handoffs/queue': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Unclaimed escalations of the account, oldest first (engineer, admin, owner) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Queue */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['QueueItem'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/handoffs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One handoff with its snapshot and assessment */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Handoff */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              handoff: components['schemas']['Handoff'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/handoffs/{id}/claim': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Claim an escalation; exactly one concurrent claimer wins */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Claimed (also for the winner’s repeats) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              handoff: components['schemas']['Handoff'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description ALREADY_CLAIMED with claimed_by and claimed_at, or HANDOFF_CLOSED */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/handoffs/{id}/release': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Put a claimed escalation back in the queue (the claimer, or admin/owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Released */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              handoff: components['schemas']['Handoff'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not claimed or closed */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/channels': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Notification channels of the account (admin, owner); targets masked */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Channels */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Channel'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Add an email, Slack, Teams or webhook channel (admin, owner). A webhook channel’s signing secret is returned once. */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateChannel'];
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['CreatedChannel'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/channels/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a channel (admin, owner); its undelivered messages end as dead */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a channel’s name, target, events or enabled flag (admin, owner) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PatchChannel'];
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              channel: components['schemas']['Channel'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/channels/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a test message now and report whether the receiver accepted it (admin, owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Outcome of the send (ok false with the reason when it failed) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ChannelTestResult'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Delivery log: every email, chat and webhook message and PSA ticket write with its status (admin, owner) */
    get: {
      parameters: {
        query?: {
          status?: 'pending' | 'sent' | 'failed' | 'dead';
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deliveries, newest first */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['DeliveryLogItem'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deliveries/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a failed or dead delivery again now, for one more attempt (admin, owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Queued */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              delivery: components['schemas']['DeliveryLogItem'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Pending or already sent */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/dev/outbox': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Development only (no SMTP_URL): mail the app would have sent — to every member the mail addressed to them; to admins and owners also the account’s other mail, except reset links meant for someone else. 404 in production. */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Messages, newest first */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['DevOutboxItem'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/escalation-policy': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The account’s escalation policy (the default until an admin saves one) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Escalation policy */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['EscalationPolicy'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    /** Replace the escalation policy (admin, owner); escalations in flight keep the policy they started with */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['EscalationPolicyInput'];
        };
      };
      responses: {
        /** @description Saved */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['EscalationPolicy'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** On-call schedules of the account (engineers, admins, owners) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Schedules */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Schedule'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Create an on-call schedule (admin, owner); layers highest first */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['ScheduleInput'];
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ScheduleDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A schedule with its overrides that have not ended (engineers, admins, owners) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Schedule */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ScheduleDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    /** Replace a schedule’s name, zone and layers (admin, owner); overrides stay */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['ScheduleInput'];
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ScheduleDetail'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    post?: never;
    /** Delete a schedule (admin, owner); 409 SCHEDULE_IN_USE while the escalation policy pages it */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The policy pages it */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules/{id}/overrides': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Put someone on call for a stretch, over every layer (admin, owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['ScheduleOverrideInput'];
        };
      };
      responses: {
        /** @description Added */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              override: components['schemas']['ScheduleOverride'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules/{id}/overrides/{override_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove an override (admin, owner) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          override_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Removed */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules/{id}/on-call': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who is on call at a moment (default now), until when, and who is next */
    get: {
      parameters: {
        query?: {
          at?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description On call */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OnCall'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules/{id}/week': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Seven days of local hour blocks in the schedule’s zone, with who is on call in each */
    get: {
      parameters: {
        query?: {
          /** @description First local date; default: this week’s Monday */
          start?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Week */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ScheduleWeek'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules/{id}/calendar-link': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A new private iCalendar link for the schedule (admin, owner); the previous one stops working */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The link, shown once */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ScheduleCalendarLink'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules/{id}/calendar.ics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The schedule’s private iCalendar feed: past week and coming four weeks (the token is the credential) */
    get: {
      parameters: {
        query: {
          token: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description text/calendar */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/calendar': string;
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Unknown schedule, or a wrong or revoked token */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your bell: latest notifications and the unread count */
    get: {
      parameters: {
        query?: {
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Notifications */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Notification'][];
              unread_count: number;
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notifications/read-all': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark all your notifications read */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description All read */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              unread_count: number;
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notifications/{id}/read': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark one notification read */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Marked read */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              unread_count: number;
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/push/vapid-public-key': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The installation’s VAPID public key (applicationServerKey for pushManager.subscribe) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Base64url, uncompressed P-256 point */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              key: string;
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/push/subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One’s devices that receive pushes */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Oldest first */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              subscriptions: components['schemas']['PushDevice'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Opt this device in: the browser’s PushSubscription (the same endpoint again updates it) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PushSubscribeBody'];
        };
      };
      responses: {
        /** @description Already subscribed; keys and label updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              subscription: components['schemas']['PushDevice'];
            };
          };
        };
        /** @description Subscribed */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              subscription: components['schemas']['PushDevice'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/push/subscriptions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Opt one of one’s devices out */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Removed */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/push/settings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One’s push settings (quiet hours) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Settings */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PushSettings'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    /** Set or clear one’s quiet hours (P1 escalations always come through) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PushSettings'];
        };
      };
      responses: {
        /** @description Saved */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PushSettings'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/stream': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Live events (Server-Sent Events): ready, heartbeats, handoff events, notifications; Last-Event-ID replay. Closes as soon as the credential stops being valid (sign-out, revoked session or token, deactivation, password reset) and asks the client to reconnect when the role changes. */
    get: {
      parameters: {
        query?: {
          last_event_id?: number | null;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description text/event-stream */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Too many streams open for this user or account (STREAM_LIMIT_REACHED) */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analytics/escalations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Time to claim, time to first action, rates, daily series, distribution and savings (engineer, admin, owner) */
    get: {
      parameters: {
        query?: {
          period?: '7d' | '30d' | '90d';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Metrics */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['EscalationAnalytics'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analytics/escalations.csv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Escalations of the period with their timings, as CSV */
    get: {
      parameters: {
        query?: {
          period?: '7d' | '30d' | '90d';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description CSV */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/csv': string;
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/baselines': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your stopwatch timings of verbal handoffs, with the account’s count and median */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Measurements */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['BaselineMeasurement'][];
              account: {
                n: number;
                median: number | null;
              };
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Record a stopwatch timing of a verbal handoff */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['BaselineInput'];
        };
      };
      responses: {
        /** @description Recorded */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              baseline: components['schemas']['BaselineMeasurement'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/baselines/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete one of your measurements */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/psa/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether the account has an enabled PSA connection (any member): the intake and resolve forms ask */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Status */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PsaStatus'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/psa/tickets/{number}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Look up a PSA ticket to pre-fill a new session: summary, company, contact, board, status, initial description (tech and above) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          number: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The ticket */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              ticket: components['schemas']['PsaTicket'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No PSA connection (PSA_NOT_CONNECTED) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The PSA refused the credentials or the request (PSA_AUTH_FAILED, PSA_REJECTED) */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The PSA failed or could not be reached (PSA_UNAVAILABLE) */
        502: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/psa/connection': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The account’s PSA connection: ConnectWise, HaloPSA or Autotask (admin, owner); keys and secrets never returned */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Connection, or null */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              connection: components['schemas']['PsaConnection'] | null;
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    /** Create or update the PSA connection (provider connectwise, halopsa or autotask; connectwise when left out) and the status and note choices (admin, owner). Leave the keys out to keep them; switching provider needs the new one’s secrets and cancels writes still waiting for the old one. */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['SavePsaConnection'];
        };
      };
      responses: {
        /** @description Saved */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              connection: components['schemas']['PsaConnection'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    post?: never;
    /** Remove the connection and its member links (admin, owner); PSA writes not yet sent end as dead */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Removed */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/psa/connection/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Call the PSA with the saved credentials now and report whether it accepted them (admin, owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Outcome (ok false with the reason when it failed) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PsaTestResult'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No PSA connection (PSA_NOT_CONNECTED) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/psa/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Members of the account with the PSA member each is linked to (admin, owner) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Links */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['PsaMemberLink'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/psa/choices': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Statuses and note types (HaloPSA outcomes, Autotask note types) the connected PSA lists, for the settings pickers (admin, owner) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Choices */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['PsaChoices'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No PSA connection (PSA_NOT_CONNECTED) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The PSA refused the credentials or the request (PSA_AUTH_FAILED, PSA_REJECTED) */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The PSA failed or could not be reached (PSA_UNAVAILABLE) */
        502: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/psa/remote-members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Active members of the PSA (ConnectWise members, HaloPSA agents, Autotask resources), to link to (admin, owner) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description PSA members */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['PsaMember'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No PSA connection (PSA_NOT_CONNECTED) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The PSA refused the credentials or the request (PSA_AUTH_FAILED, PSA_REJECTED) */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The PSA failed or could not be reached (PSA_UNAVAILABLE) */
        502: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/psa/members/{user_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Link a member to a PSA member, checked against the PSA (admin, owner) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          user_id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['LinkPsaMember'];
        };
      };
      responses: {
        /** @description Linked */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              link: components['schemas']['PsaMemberLink'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No PSA connection (PSA_NOT_CONNECTED) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The PSA refused the credentials or the request (PSA_AUTH_FAILED, PSA_REJECTED) */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The PSA failed or could not be reached (PSA_UNAVAILABLE) */
        502: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    post?: never;
    /** Remove a member’s link to the connected PSA (admin, owner) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          user_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Unlinked */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/psa/history-import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Import the PSA’s closed tickets (since a date, default a year back) with their resolution and internal notes as knowledge; runs in the background, tickets already imported are skipped (admin, owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: {
        content: {
          'application/json': components['schemas']['StartPsaHistoryImport'];
        };
      };
      responses: {
        /** @description Queued */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              import: components['schemas']['KnowledgeImport'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No enabled PSA connection (PSA_NOT_CONNECTED), or an import is already running (IMPORT_RUNNING, with import_id) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/psa/history-import/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Progress of a PSA history import: total, done, imported, skipped, failed (admin, owner) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The import */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              import: components['schemas']['KnowledgeImport'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/integrations/slack': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether the account’s Slack app is set up, its workspace and channel (admin, owner); secrets never returned */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The Slack app settings */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              slack: components['schemas']['SlackApp'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    /** Set up the Slack app: signing secret, bot token (checked with auth.test) and the channel escalations are posted to (admin, owner) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['SaveSlackApp'];
        };
      };
      responses: {
        /** @description Saved */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              slack: components['schemas']['SlackApp'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Slack refused the bot token (SLACK_AUTH_FAILED) */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Slack could not be reached (SLACK_UNAVAILABLE) */
        502: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    post?: never;
    /** Remove the Slack app (admin, owner); bot messages not yet sent end as dead */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Removed */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/integrations/slack/interactions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Slack’s interactivity Request URL: a signed form post `payload=<JSON>` (X-Slack-Signature v0, X-Slack-Request-Timestamp within 5 minutes, each request once). The Claim button claims for the member with the Slack user’s email. Answers at once; the claim and the answers in Slack follow. */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Received (the click is handled after this answer) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The signature does not verify, the timestamp is more than 5 minutes off, or the request was already received (SLACK_SIGNATURE_INVALID) */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/schema/runbook.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The runbook format as JSON Schema (the shipped library and account runbooks use it) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description JSON Schema (draft 2020-12) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/articles': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The account’s articles and imported PSA tickets, searched (q) and filtered by tag (any member) */
    get: {
      parameters: {
        query?: {
          q?: string;
          tag?: string;
          kind?: 'article' | 'psa_ticket';
          limit?: number;
          offset?: number | null;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Articles */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['ArticleListItem'][];
              total: number;
              tags: {
                tag: string;
                count: number;
              }[];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Write an article in Markdown (engineer, admin, owner); it is knowledge at once */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateArticle'];
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              article: components['schemas']['Article'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/articles/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One article with its edit history, newest version first (any member) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Article */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              article: components['schemas']['Article'];
              revisions: components['schemas']['ArticleRevision'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    /** Change an article’s title, text or tags (engineer, admin, owner); a new version in its history */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['UpdateArticle'];
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              article: components['schemas']['Article'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    post?: never;
    /** Delete an article and its history (engineer, admin, owner) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/runbooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The account’s runbooks and the shipped ones they do not replace (any member) */
    get: {
      parameters: {
        query?: {
          q?: string;
          origin?: 'shipped' | 'account';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Runbooks */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['RunbookListItem'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Add a runbook to the account, as JSON or YAML (engineer, admin, owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            [key: string]: unknown;
          };
          'application/yaml': string;
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['RunbookEnvelope'];
          };
        };
        /** @description The runbook does not follow the schema (INVALID_RUNBOOK, with details) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/runbooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One runbook: the account’s copy when it has one; `format=yaml` downloads it as YAML (any member) */
    get: {
      parameters: {
        query?: {
          format?: 'json' | 'yaml';
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Runbook */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['RunbookEnvelope'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    /** Replace an account runbook (engineer, admin, owner); shipped ones are forked first */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            [key: string]: unknown;
          };
          'application/yaml': string;
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['RunbookEnvelope'];
          };
        };
        /** @description The runbook does not follow the schema (INVALID_RUNBOOK, with details) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    post?: never;
    /** Delete an account runbook (engineer, admin, owner); a deleted fork gives the shipped one back */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/runbooks/{id}/fork': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Copy a shipped runbook into the account to edit it (engineer, admin, owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Forked */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['RunbookEnvelope'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Import files as knowledge in the background: Markdown, text, HTML and Word as articles, YAML/JSON runbooks, and .zip archives of those (engineer, admin, owner); watch progress with GET /knowledge/imports/{id} */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'multipart/form-data': {
            /** @description .md, .txt, .html, .docx, .yaml/.yml/.json runbooks, or .zip archives of those; one part per file */
            files: string[];
          };
        };
      };
      responses: {
        /** @description Accepted: the files are imported in the background */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              import: components['schemas']['KnowledgeImport'];
            };
          };
        };
        /** @description No file, an unreadable body, or more files than an upload may hold (TOO_MANY_FILES) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The upload is larger than 50 MB (PAYLOAD_TOO_LARGE) */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not multipart/form-data */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/imports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Progress of an import: total, done, imported, skipped, and each failed file with the reason (any member) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The import */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              import: components['schemas']['KnowledgeImport'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/imports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The account’s recent imports, file uploads and PSA history, newest first (any member) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Imports */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['KnowledgeImport'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/proposals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Drafts of knowledge from resolved sessions, newest first, by status (any member) */
    get: {
      parameters: {
        query?: {
          status?: 'pending' | 'approved' | 'dismissed';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Proposals */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['KnowledgeProposal'][];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/proposals/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a proposal, optionally edited: it becomes an article or runbook at once (admin, owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['ApproveProposal'];
        };
      };
      responses: {
        /** @description The article or runbook it became */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ApprovedProposal'];
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Already decided (PROPOSAL_DECIDED), or the item exists (DUPLICATE_ARTICLE, RUNBOOK_EXISTS) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/knowledge/proposals/{id}/dismiss': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Dismiss a proposal (admin, owner) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Dismissed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              proposal: components['schemas']['KnowledgeProposal'];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Already decided (PROPOSAL_DECIDED) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analytics/knowledge-gaps': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Clusters of recent escalated or unresolved sessions whose best knowledge match was weak (engineer, admin, owner) */
    get: {
      parameters: {
        query?: {
          period?: '7d' | '30d' | '90d';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Knowledge gaps */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              period: string;
              from: string;
              to: string;
              weak_match_below: number;
              items: {
                label: string;
                sessions: number;
                escalated: number;
                best_match: number | null;
                example_session_ids: string[];
                suggested_title: string;
              }[];
            };
          };
        };
        /** @description Invalid input */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not allowed for this role */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found (or belongs to another account) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database cannot be reached right now (DATABASE_UNAVAILABLE); retry shortly */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    SessionInfo: {
      user: components['schemas']['User'];
      account: components['schemas']['Account'];
      csrf_token: string | null;
      mfa_enrolment_required?: boolean;
    };
    User: {
      id: string;
      email: string;
      name: string;
      /** @enum {string} */
      role: 'owner' | 'admin' | 'engineer' | 'tech' | 'viewer';
    };
    Account: {
      id: string;
      name: string;
    };
    MfaChallenge: {
      /** @enum {boolean} */
      mfa_required: true;
      mfa_token: string;
      expires_at: string;
      methods: components['schemas']['MfaMethod'][];
    };
    /** @enum {string} */
    MfaMethod: 'totp' | 'passkey' | 'recovery_code';
    Error: {
      code: components['schemas']['ErrorCode'];
      message: string;
      details?: unknown;
    };
    /**
     * @description Stable code of the refusal: branch on it, show `message`.
     *
     *     - `BAD_REQUEST` (400): The request could not be used (unreadable body, a value the database refuses, bad HTTP)
     *     - `VALIDATION_ERROR` (400): A field of the body, query or path fails its schema; `details` names each field
     *     - `PASSKEY_INVALID` (400): A passkey registration answer that does not verify, or whose challenge is missing, expired or already used
     *     - `URL_NOT_ALLOWED` (400, 422): A URL points somewhere the server may not call: 400 for a URL in the request, 422 for the saved PSA site during a PSA call
     *     - `INVALID_RUNBOOK` (400): The runbook breaks a rule of the runbook format; `details` lists the problems
     *     - `TOO_MANY_FILES` (400): A knowledge upload holds more files than one import may (archives counted by their contents)
     *     - `MFA_CODE_INVALID` (400, 401): A second-factor code (TOTP or recovery code) is wrong, outside ±30 s, or already used: 401 at sign-in (POST /auth/mfa), 400 for a signed-in user
     *     - `SSO_STATE_INVALID` (400): The single sign-on callback has no, an unknown, an expired or an already used state, or comes from another browser; start again
     *     - `UNAUTHORIZED` (401): Not signed in, or the API token is invalid or revoked
     *     - `INVALID_CREDENTIALS` (401): Sign-in with a wrong email or password
     *     - `SLACK_SIGNATURE_INVALID` (401): A Slack interaction whose X-Slack-Signature does not verify for any account, whose timestamp is more than 5 minutes off, or that was already received
     *     - `MFA_TOKEN_INVALID` (401): The mfa_token of a two-step sign-in is unknown, expired or already used; sign in again
     *     - `FORBIDDEN` (403): The caller’s role or relation to the item does not allow this
     *     - `CSRF_TOKEN_INVALID` (403): A cookie-authenticated change without a valid X-CSRF-Token header
     *     - `SESSION_REQUIRED` (403): Only a signed-in browser session may do this (an API token may not create API tokens)
     *     - `MFA_ENROLMENT_REQUIRED` (403): The account requires two-factor sign-in and the caller has not set it up: only /me, sign-out and enrolment are open
     *     - `SSO_REQUIRED` (403): The account signs its members in with single sign-on only: use “Sign in with SSO” (the owner keeps a password)
     *     - `NOT_FOUND` (404): No such item in the caller’s account, or no such route
     *     - `RESET_LINK_INVALID` (404): The password reset link is not a known link
     *     - `PSA_NOT_FOUND` (404): The PSA answered that what was asked for does not exist
     *     - `TICKET_NOT_FOUND` (404): The PSA has no ticket with this number
     *     - `SSO_DOMAIN_UNKNOWN` (404): No account signs in with single sign-on for this email domain (or it is switched off)
     *     - `REQUEST_TIMEOUT` (408): The request took too long to arrive
     *     - `CONFLICT` (409): The change collides with an existing record
     *     - `INVALID_TRANSITION` (409): The session’s status does not allow this action (or changed meanwhile)
     *     - `STEP_NOT_CURRENT` (409): The step was already answered or is no longer current; carries `current_step_id`
     *     - `ALREADY_CLAIMED` (409): Someone else claimed the escalation first; carries `claimed_by` and `claimed_at`
     *     - `NOT_CLAIMED` (409): Release of an escalation nobody has claimed
     *     - `HANDOFF_CLOSED` (409): The escalation is closed: its session was resolved
     *     - `LAST_OWNER` (409): The change would leave the account without an active owner
     *     - `EMAIL_TAKEN` (409): A user with this email already exists
     *     - `INVITE_ALREADY_ACCEPTED` (409): Revoking an invite that was already accepted
     *     - `DUPLICATE_ARTICLE` (409): An article with the same title and text already exists in the account
     *     - `DUPLICATE_RUNBOOK` (409): An identical runbook already exists in the account
     *     - `RUNBOOK_EXISTS` (409): The account already has a runbook with this id
     *     - `SHIPPED_RUNBOOK` (409): Shipped runbooks cannot be changed, only forked
     *     - `PROPOSAL_DECIDED` (409): The proposal was already approved or dismissed
     *     - `NOT_RETRYABLE` (409): Only failed or dead deliveries can be retried
     *     - `IMPORT_RUNNING` (409): A PSA history import is already running; carries its `import_id`
     *     - `PSA_NOT_CONNECTED` (409): The account has no PSA connection, or it is switched off
     *     - `PSA_KEYS_UNREADABLE` (409): The stored PSA keys cannot be opened (the secret changed); save them again
     *     - `MFA_ALREADY_ENABLED` (409): Two-factor sign-in is already on; turn it off first
     *     - `MFA_NOT_ENABLED` (409): Two-factor sign-in is not on for this user (disable, new recovery codes, or requiring it for the account before one’s own)
     *     - `MFA_ENROLMENT_NOT_STARTED` (409): Confirming an authenticator app before starting the enrolment (POST /me/mfa/totp)
     *     - `PASSKEY_NONE` (409): Passkey sign-in options asked for a user who has no passkey registered
     *     - `PASSKEY_ALREADY_REGISTERED` (409): This passkey is already registered for the user
     *     - `SCHEDULE_IN_USE` (409): Deleting an on-call schedule that the escalation policy still pages
     *     - `PASSKEY_LAST_FACTOR` (409): Removing the last second factor while the account requires two-factor sign-in
     *     - `SSO_DOMAIN_TAKEN` (409): An email domain is already used for single sign-on by another account
     *     - `SSO_NOT_CONFIGURED` (409): The account has no single sign-on settings saved yet
     *     - `INVITE_USED` (410): The invite has already been used
     *     - `INVITE_REVOKED` (410): The invite was revoked
     *     - `INVITE_EXPIRED` (410): The invite has expired
     *     - `INVITE_NO_LONGER_VALID` (410): The one who sent the invite is no longer active or may no longer grant its role
     *     - `RESET_LINK_USED` (410): The password reset link has already been used
     *     - `RESET_LINK_REPLACED` (410): A newer password reset link was sent for this user
     *     - `RESET_LINK_EXPIRED` (410): The password reset link has expired
     *     - `USER_DEACTIVATED` (410): The user was deactivated and cannot reset the password
     *     - `PAYLOAD_TOO_LARGE` (413): The body is over the limit (1 MB for JSON, larger for knowledge uploads)
     *     - `UNSUPPORTED_MEDIA_TYPE` (415): The body is not in a content type this route reads
     *     - `HEADERS_TOO_LARGE` (431): The request line and headers exceed 16 KB
     *     - `PSA_AUTH_FAILED` (422): The PSA refused the stored keys
     *     - `PSA_REJECTED` (422): The PSA refused or did not apply the change
     *     - `SLACK_AUTH_FAILED` (422): Slack refused the bot token (auth.test), or the token is not a bot token of one workspace
     *     - `RATE_LIMITED` (429): Too many sign-in or password reset attempts; the Retry-After header says how long to wait
     *     - `STREAM_LIMIT_REACHED` (429): Too many live streams open for this user or this account (STREAM_MAX_PER_USER / STREAM_MAX_PER_ACCOUNT); close one first
     *     - `MFA_TOO_MANY_ATTEMPTS` (429): Too many wrong second-factor codes: the sign-in token is spent (sign in again), or the user must wait (Retry-After)
     *     - `INTERNAL` (500): An unexpected server error; the details are in the server log
     *     - `SSO_PROVIDER_UNAVAILABLE` (502): The account’s identity provider could not be reached or its discovery document is unusable
     *     - `PSA_UNAVAILABLE` (502): The PSA did not answer usefully (5xx, timeout, unreachable)
     *     - `SLACK_UNAVAILABLE` (502): Slack’s Web API did not answer usefully (5xx, timeout, unreachable)
     *     - `DATABASE_UNAVAILABLE` (503): The database cannot be reached right now; retry shortly
     *     - `IMPORTS_UNAVAILABLE` (503): File imports are not running in this server process
     *     - `STREAM_UNAVAILABLE` (503): The live stream needs the Node HTTP server
     *     - `NOT_READY` (503): Readiness probe (/readyz, outside the API): the database is unreachable or shutting down
     * @enum {string}
     */
    ErrorCode:
      | 'BAD_REQUEST'
      | 'VALIDATION_ERROR'
      | 'PASSKEY_INVALID'
      | 'URL_NOT_ALLOWED'
      | 'INVALID_RUNBOOK'
      | 'TOO_MANY_FILES'
      | 'MFA_CODE_INVALID'
      | 'SSO_STATE_INVALID'
      | 'UNAUTHORIZED'
      | 'INVALID_CREDENTIALS'
      | 'SLACK_SIGNATURE_INVALID'
      | 'MFA_TOKEN_INVALID'
      | 'FORBIDDEN'
      | 'CSRF_TOKEN_INVALID'
      | 'SESSION_REQUIRED'
      | 'MFA_ENROLMENT_REQUIRED'
      | 'SSO_REQUIRED'
      | 'NOT_FOUND'
      | 'RESET_LINK_INVALID'
      | 'PSA_NOT_FOUND'
      | 'TICKET_NOT_FOUND'
      | 'SSO_DOMAIN_UNKNOWN'
      | 'REQUEST_TIMEOUT'
      | 'CONFLICT'
      | 'INVALID_TRANSITION'
      | 'STEP_NOT_CURRENT'
      | 'ALREADY_CLAIMED'
      | 'NOT_CLAIMED'
      | 'HANDOFF_CLOSED'
      | 'LAST_OWNER'
      | 'EMAIL_TAKEN'
      | 'INVITE_ALREADY_ACCEPTED'
      | 'DUPLICATE_ARTICLE'
      | 'DUPLICATE_RUNBOOK'
      | 'RUNBOOK_EXISTS'
      | 'SHIPPED_RUNBOOK'
      | 'PROPOSAL_DECIDED'
      | 'NOT_RETRYABLE'
      | 'IMPORT_RUNNING'
      | 'PSA_NOT_CONNECTED'
      | 'PSA_KEYS_UNREADABLE'
      | 'MFA_ALREADY_ENABLED'
      | 'MFA_NOT_ENABLED'
      | 'MFA_ENROLMENT_NOT_STARTED'
      | 'PASSKEY_NONE'
      | 'PASSKEY_ALREADY_REGISTERED'
      | 'SCHEDULE_IN_USE'
      | 'PASSKEY_LAST_FACTOR'
      | 'SSO_DOMAIN_TAKEN'
      | 'SSO_NOT_CONFIGURED'
      | 'INVITE_USED'
      | 'INVITE_REVOKED'
      | 'INVITE_EXPIRED'
      | 'INVITE_NO_LONGER_VALID'
      | 'RESET_LINK_USED'
      | 'RESET_LINK_REPLACED'
      | 'RESET_LINK_EXPIRED'
      | 'USER_DEACTIVATED'
      | 'PAYLOAD_TOO_LARGE'
      | 'UNSUPPORTED_MEDIA_TYPE'
      | 'HEADERS_TOO_LARGE'
      | 'PSA_AUTH_FAILED'
      | 'PSA_REJECTED'
      | 'SLACK_AUTH_FAILED'
      | 'RATE_LIMITED'
      | 'STREAM_LIMIT_REACHED'
      | 'MFA_TOO_MANY_ATTEMPTS'
      | 'INTERNAL'
      | 'SSO_PROVIDER_UNAVAILABLE'
      | 'PSA_UNAVAILABLE'
      | 'SLACK_UNAVAILABLE'
      | 'DATABASE_UNAVAILABLE'
      | 'IMPORTS_UNAVAILABLE'
      | 'STREAM_UNAVAILABLE'
      | 'NOT_READY';
    LoginBody: {
      email: string;
      password: string;
    };
    MeInfo: components['schemas']['SessionInfo'] & {
      mfa: components['schemas']['MfaStatus'];
    };
    MfaStatus: {
      enabled: boolean;
      methods: ('totp' | 'passkey')[];
      recovery_codes_left: number;
      account_requires_mfa: boolean;
    };
    PasswordResetAccepted: {
      message: string;
    };
    PasswordResetRequest: {
      /** Format: email */
      email: string;
    };
    PasswordResetPreview: {
      email: string;
      account: components['schemas']['Account'];
      expires_at: string;
    };
    PasswordResetConfirm: {
      token: string;
      password: string;
    };
    SignInSession: {
      id: string;
      created_at: string;
      last_seen_at: string;
      user_agent: string | null;
      /** @description The session making this request */
      current: boolean;
    };
    MfaLoginBody: {
      mfa_token: string;
      code?: string;
      recovery_code?: string;
      passkey?: components['schemas']['PasskeyAssertion'];
    };
    PasskeyAssertion: {
      id: string;
      rawId: string;
      /** @enum {string} */
      type: 'public-key';
      response: {
        clientDataJSON: string;
        authenticatorData: string;
        signature: string;
        userHandle?: string;
      };
      /** @default {} */
      clientExtensionResults?: {
        [key: string]: unknown;
      };
      /** @enum {string} */
      authenticatorAttachment?: 'platform' | 'cross-platform';
    };
    MfaTotpEnrolment: {
      secret: string;
      otpauth_url: string;
      qr_data_url: string;
    };
    MfaRecoveryCodes: {
      recovery_codes: string[];
    };
    MfaTotpCodeBody: {
      code: string;
    };
    MfaProofBody: {
      code?: string;
      recovery_code?: string;
    };
    PasskeyOptions: {
      challenge: string;
    } & {
      [key: string]: unknown;
    };
    MfaTokenBody: {
      mfa_token: string;
    };
    PasskeyRegistered: {
      passkey: components['schemas']['Passkey'];
      recovery_codes?: string[];
    };
    Passkey: {
      /** Format: uuid */
      id: string;
      name: string;
      created_at: string;
      last_used_at: string | null;
    };
    PasskeyRegistrationBody: {
      name: string;
      response: components['schemas']['PasskeyAttestation'];
    };
    PasskeyAttestation: {
      id: string;
      rawId: string;
      /** @enum {string} */
      type: 'public-key';
      response: {
        clientDataJSON: string;
        attestationObject: string;
        authenticatorData?: string;
        transports?: ('ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb')[];
        publicKeyAlgorithm?: number;
        publicKey?: string;
      };
      /** @default {} */
      clientExtensionResults?: {
        [key: string]: unknown;
      };
      /** @enum {string} */
      authenticatorAttachment?: 'platform' | 'cross-platform';
    };
    PasskeyList: {
      passkeys: components['schemas']['Passkey'][];
    };
    AccountSecuritySettings: {
      require_mfa: boolean;
    };
    AccountSecurityPatch: {
      require_mfa: boolean;
    };
    SsoSettings: {
      /** @description Whether settings were ever saved */
      configured: boolean;
      issuer_url: string;
      client_id: string;
      /** @description A client secret is stored; it is never sent back */
      has_secret: boolean;
      allowed_domains: string[];
      /** @enum {string} */
      default_role: 'admin' | 'engineer' | 'tech' | 'viewer';
      sso_only: boolean;
      enabled: boolean;
      /** @description What to register at the provider as the redirect URI */
      redirect_uri: string;
    };
    SsoSettingsBody: {
      issuer_url: string;
      client_id: string;
      /** @description Omit to keep the stored secret; send to replace it */
      client_secret?: string;
      /** @description Forget the stored secret (public clients that use PKCE only) */
      clear_secret?: boolean;
      allowed_domains: string[];
      /**
       * @default tech
       * @enum {string}
       */
      default_role?: 'admin' | 'engineer' | 'tech' | 'viewer';
      /** @default false */
      sso_only?: boolean;
      /** @default false */
      enabled?: boolean;
    };
    SsoDiscoveryResult: {
      ok: boolean;
      message: string;
      issuer: string | null;
      authorization_endpoint: string | null;
    };
    SsoStartAnswer: {
      /** @description Send the browser here (the provider) */
      redirect_url: string;
    };
    SsoStartBody: {
      email: string;
    };
    Member: {
      id: string;
      email: string;
      name: string;
      /** @enum {string} */
      role: 'owner' | 'admin' | 'engineer' | 'tech' | 'viewer';
      is_active: boolean;
      created_at: string;
      last_login_at: string | null;
    };
    MemberPatch: {
      /** @enum {string} */
      role?: 'owner' | 'admin' | 'engineer' | 'tech' | 'viewer';
      is_active?: boolean;
    };
    CreatedInvite: {
      id: string;
      email: string;
      /** @enum {string} */
      role: 'owner' | 'admin' | 'engineer' | 'tech' | 'viewer';
      expires_at: string;
      accept_url: string;
    };
    CreateInvite: {
      /** Format: email */
      email: string;
      /** @enum {string} */
      role: 'owner' | 'admin' | 'engineer' | 'tech' | 'viewer';
    };
    Invite: {
      id: string;
      email: string;
      /** @enum {string} */
      role: 'owner' | 'admin' | 'engineer' | 'tech' | 'viewer';
      /** @enum {string} */
      status: 'pending' | 'accepted' | 'revoked' | 'expired';
      expires_at: string;
      created_at: string;
    };
    AcceptInvite: {
      token: string;
      name: string;
      password: string;
    };
    ApiToken: {
      id: string;
      name: string;
      created_at: string;
      last_used_at: string | null;
    };
    AuditEntry: {
      id: string;
      created_at: string;
      action: string;
      /** @description null for actions of the system (escalation policy, sign-up) */
      actor: components['schemas']['AuditActor'] | null;
      target_type: string;
      target_id: string | null;
      /** @description What changed; values under secret-like names are masked */
      details: {
        [key: string]: unknown;
      };
    };
    AuditActor: {
      id: string;
      name: string;
      email: string;
    };
    SessionDetail: {
      session: components['schemas']['Session'];
      steps: components['schemas']['Step'][];
      facts: components['schemas']['Fact'][];
      current_step: components['schemas']['Step'] | null;
    };
    Session: {
      id: string;
      /** @enum {string} */
      status: 'active' | 'paused' | 'requesting_escalation' | 'escalated' | 'resolved' | 'abandoned';
      user_id: string;
      owner: {
        id: string;
        name: string;
      };
      escalated_to_id: string | null;
      escalated_to: {
        id: string;
        name: string;
      } | null;
      problem_summary: string;
      problem_domain: string;
      /** @enum {string} */
      priority: 'p1' | 'p2' | 'p3' | 'p4';
      confidence: number;
      /** @enum {string} */
      confidence_tier: 'discovery' | 'exploring' | 'guided';
      confidence_factors: string[];
      provider: string;
      fallback: boolean;
      /** @enum {string|null} */
      assistant_finished: 'fixed' | 'exhausted' | 'step_limit' | null;
      ticket: string | null;
      client: string | null;
      asset: string | null;
      problem: string;
      log: string | null;
      escalation_reason: string | null;
      root_cause: string | null;
      resolution_summary: string | null;
      created_at: string;
      updated_at: string;
      escalated_at: string | null;
      resolved_at: string | null;
    };
    Step: {
      id: string;
      step_order: number;
      /** @enum {string} */
      kind: 'question' | 'action' | 'resolution_suggestion' | 'note' | 'briefing' | 'status_update';
      content: components['schemas']['StepContent'];
      answer: components['schemas']['StepAnswer'] | null;
      /** @enum {string|null} */
      outcome: 'worked' | 'failed' | 'partial' | 'not_run' | null;
      note: string | null;
      actor_user_id: string | null;
      actor_name: string | null;
      /** @enum {string} */
      source: 'assistant' | 'user';
      confidence: number | null;
      created_at: string;
      answered_at: string | null;
    };
    StepContent: {
      text: string;
      /** @description The answers a question offers; empty for other kinds */
      options: {
        label: string;
        value: string;
      }[];
      command?: string;
      expected_outcome?: string;
      /** @description Why the assistant proposes this step, in one sentence */
      rationale?: string;
      sources: {
        /** @enum {string} */
        kind: 'runbook' | 'known_issue' | 'error_code' | 'article' | 'session' | 'psa_ticket';
        id: string;
        title: string;
        /** @description The passage quoted from an account article (its fix) */
        excerpt?: string;
      }[];
      /** @description The explicit rules behind the confidence that came with this step */
      confidence_factors?: string[];
      /** @description The causes the evidence supports, best first (at most five) */
      likely_causes?: {
        /** @description Stable key: answering with option `fixed:<id>` or `not:<id>` records the verdict on it */
        id: string;
        cause: string;
        fix: string;
        command?: string;
        /** @enum {string} */
        confidence: 'low' | 'medium' | 'high';
        source: {
          /** @enum {string} */
          kind: 'runbook' | 'known_issue' | 'error_code' | 'article' | 'session' | 'psa_ticket';
          id: string;
          title: string;
          /** @description The passage quoted from an account article (its fix) */
          excerpt?: string;
        };
      }[];
      /** @description True when nothing in the knowledge matches: the step is a triage question */
      no_match?: boolean;
      /** @description Resolution suggestions: the cause, to pre-fill resolve */
      cause?: string;
      /** @description Resolution suggestions: the fix, to pre-fill resolve */
      fix?: string;
      verification?: string[];
      /** @description Assistant steps: the assistant that proposed it */
      provider?: string;
      /** @description Assistant steps: true when the built-in engine stood in for a hosted model */
      fallback?: boolean;
    };
    StepAnswer: {
      option?: string;
      label?: string;
      text?: string;
      skipped?: boolean;
    };
    Fact: {
      id: string;
      text: string;
      source_step_id: string | null;
      created_by: string | null;
      created_by_name: string | null;
      created_at: string;
    };
    CreateSession: {
      problem: string;
      ticket?: string | null;
      client?: string | null;
      asset?: string | null;
      log?: string | null;
      /** @enum {string} */
      priority?: 'p1' | 'p2' | 'p3' | 'p4';
    };
    Answer: {
      option?: string;
      text?: string;
      skipped?: boolean;
      /** @enum {string} */
      outcome?: 'worked' | 'failed' | 'partial' | 'not_run';
      note?: string;
    };
    NoteInput: {
      text: string;
    };
    FactInput: {
      text?: string;
      /** Format: uuid */
      step_id?: string;
    };
    Resolve: {
      root_cause: string;
      resolution_summary: string;
      time_hours?: number;
    };
    Handoff: {
      id: string;
      session_id: string;
      /** @enum {string} */
      intent: 'escalate' | 'park';
      handed_off_by: {
        id: string;
        name: string;
      };
      target_user_id: string | null;
      engineer_notes: string;
      /** @enum {string} */
      priority: 'p1' | 'p2' | 'p3' | 'p4';
      snapshot: components['schemas']['HandoffSnapshot'];
      assessment: components['schemas']['Assessment'] | null;
      /** @enum {string} */
      assessment_status: 'pending' | 'ready' | 'unavailable';
      claimed_by: {
        id: string;
        name: string;
      } | null;
      claimed_at: string | null;
      released_at: string | null;
      resolved_at: string | null;
      policy_level: number;
      paged: components['schemas']['PagedPerson'][];
      created_at: string;
    };
    HandoffSnapshot: {
      problem: string;
      problem_summary: string;
      problem_domain: string;
      /** @enum {string} */
      priority: 'p1' | 'p2' | 'p3' | 'p4';
      ticket: string | null;
      client: string | null;
      asset: string | null;
      log: string | null;
      escalated_by: {
        id: string;
        name: string;
      };
      engineer_notes: string;
      steps: {
        order: number;
        /** @enum {string} */
        kind: 'question' | 'action' | 'resolution_suggestion' | 'note' | 'briefing' | 'status_update';
        /** @enum {string} */
        source: 'assistant' | 'user';
        text: string;
        command: string | null;
        /** @description The answer's label or text, or `skipped` */
        answer: string | null;
        /** @enum {string|null} */
        outcome: 'worked' | 'failed' | 'partial' | 'not_run' | null;
        note: string | null;
        actor_name: string | null;
        answered_at: string | null;
      }[];
      facts: string[];
      time_spent_hours: number;
      confidence: number;
    };
    Assessment: {
      summary_prose: string;
      what_we_know: string[];
      tried: {
        step: string;
        /** @description The step's outcome, or its answer when it had none */
        outcome: string;
      }[];
      likely_cause: string;
      suggested_steps: string[];
      /** @enum {string} */
      confidence: 'low' | 'medium' | 'high';
      sources: {
        /** @enum {string} */
        kind: 'runbook' | 'known_issue' | 'error_code' | 'article' | 'session' | 'psa_ticket';
        id: string;
        title: string;
        /** @description The passage quoted from an account article (its fix) */
        excerpt?: string;
      }[];
      provider: string;
      /** @description True when the built-in engine stood in for a hosted model */
      fallback: boolean;
    };
    PagedPerson: {
      id: string;
      name: string;
      /** @enum {string} */
      reason: 'target' | 'member' | 'role' | 'on_call' | 'round_robin' | 'everyone';
      schedule: {
        id: string;
        name: string;
      } | null;
      layer: string | null;
    };
    CreateHandoff: {
      /** @enum {string} */
      intent: 'escalate' | 'park';
      engineer_notes?: string;
      /** Format: uuid */
      target_user_id?: string | null;
      /** @enum {string} */
      priority?: 'p1' | 'p2' | 'p3' | 'p4';
    };
    QueueItem: {
      id: string;
      session_id: string;
      problem_summary: string;
      problem_domain: string;
      handed_off_by: {
        id: string;
        name: string;
      };
      engineer_notes: string;
      /** @enum {string} */
      priority: 'p1' | 'p2' | 'p3' | 'p4';
      ticket: string | null;
      client: string | null;
      steps_tried: number;
      /** @enum {string} */
      assessment_status: 'pending' | 'ready' | 'unavailable';
      policy_level: number;
      target_user_id: string | null;
      paged: components['schemas']['PagedPerson'][];
      created_at: string;
      age_seconds: number;
    };
    Channel: {
      id: string;
      /** @enum {string} */
      kind: 'email' | 'slack' | 'teams' | 'webhook';
      name: string;
      target: string;
      events: string[];
      enabled: boolean;
      has_secret: boolean;
      created_at: string;
      updated_at: string;
    };
    CreatedChannel: {
      channel: components['schemas']['Channel'];
      secret?: string;
    };
    CreateChannel: {
      /** @enum {string} */
      kind: 'email' | 'slack' | 'teams' | 'webhook';
      name: string;
      target: string;
      /**
       * @example [
       *       "handoff_created"
       *     ]
       */
      events?: (
        | 'handoff_created'
        | 'handoff_claimed'
        | 'handoff_released'
        | 'handoff_escalated'
        | 'handoff_assessment_ready'
      )[];
      enabled?: boolean;
    };
    PatchChannel: {
      name?: string;
      target?: string;
      /**
       * @example [
       *       "handoff_created"
       *     ]
       */
      events?: (
        | 'handoff_created'
        | 'handoff_claimed'
        | 'handoff_released'
        | 'handoff_escalated'
        | 'handoff_assessment_ready'
      )[];
      enabled?: boolean;
    };
    ChannelTestResult: {
      ok: boolean;
      error?: string;
    };
    DeliveryLogItem: {
      id: string;
      /** @enum {string} */
      channel: 'email' | 'slack' | 'teams' | 'webhook' | 'psa' | 'push';
      /** @enum {string|null} */
      psa_action: 'note' | 'status' | 'time_entry' | null;
      channel_id: string | null;
      channel_name: string | null;
      recipient: string;
      /** @enum {string} */
      status: 'pending' | 'sent' | 'failed' | 'dead';
      attempts: number;
      last_error: string | null;
      next_attempt_at: string | null;
      sent_at: string | null;
      created_at: string;
      event_id: number;
      event_type: string;
      handoff_id: string | null;
    };
    DevOutboxItem: {
      id: string;
      delivery_id: string | null;
      message_id: string;
      from: string;
      to: string;
      subject: string;
      text: string;
      html: string;
      created_at: string;
    };
    EscalationPolicy: {
      policy: {
        levels: {
          after_minutes: number;
          notify: string[];
          channels: ('in_app' | 'email' | 'slack' | 'teams' | 'webhook')[];
          round_robin?: {
            max_open_claims: number;
          } | null;
        }[];
        repeat: number;
        catch_all: {
          after_minutes: number;
          notify: string[];
          channels: ('in_app' | 'email' | 'slack' | 'teams' | 'webhook')[];
          round_robin?: {
            max_open_claims: number;
          } | null;
        } | null;
        p1_factor: number;
        claim_timeout_minutes: number | null;
        is_default: boolean;
        updated_at: string | null;
        updated_by: {
          id: string;
          name: string;
        } | null;
      };
    };
    EscalationPolicyInput: {
      levels: {
        after_minutes: number;
        notify: string[];
        channels: ('in_app' | 'email' | 'slack' | 'teams' | 'webhook')[];
        round_robin?: {
          max_open_claims: number;
        } | null;
      }[];
      repeat: number;
      catch_all: {
        after_minutes: number;
        notify: string[];
        channels: ('in_app' | 'email' | 'slack' | 'teams' | 'webhook')[];
        round_robin?: {
          max_open_claims: number;
        } | null;
      } | null;
      p1_factor: number;
      claim_timeout_minutes: number | null;
    };
    Schedule: {
      id: string;
      name: string;
      time_zone: string;
      layers: {
        name: string;
        members: string[];
        rotation:
          | {
              start: string;
              length_hours: number;
            }
          | {
              start: string;
              rrule: string;
            };
        restrictions: {
          days: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
          start: string;
          end: string;
        }[];
      }[];
      people: {
        id: string;
        name: string;
        active: boolean;
      }[];
      has_calendar_feed: boolean;
      created_at: string;
      updated_at: string;
    };
    ScheduleDetail: {
      schedule: components['schemas']['Schedule'];
      overrides: components['schemas']['ScheduleOverride'][];
    };
    ScheduleOverride: {
      id: string;
      user: {
        id: string;
        name: string;
      };
      start: string;
      end: string;
    };
    ScheduleInput: {
      name: string;
      /** @example Europe/London */
      time_zone: string;
      /** @description Highest first */
      layers: {
        name: string;
        members: string[];
        rotation:
          | {
              /** @example 2026-03-02T09:00 */
              start: string;
              length_hours: number;
            }
          | {
              /** @example 2026-03-02T09:00 */
              start: string;
              /** @example FREQ=WEEKLY;BYDAY=MO;BYHOUR=9 */
              rrule: string;
            };
        restrictions?: {
          days: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
          start: string;
          end: string;
        }[];
      }[];
    };
    ScheduleOverrideInput: {
      /** Format: uuid */
      user_id: string;
      /** Format: date-time */
      start: string;
      /** Format: date-time */
      end: string;
    };
    OnCall: {
      at: string;
      user: {
        id: string;
        name: string;
      } | null;
      source: components['schemas']['OnCallSource'];
      until: string | null;
      next: {
        user: {
          id: string;
          name: string;
        };
        start: string;
        end: string | null;
        source: components['schemas']['OnCallSource'];
      } | null;
    };
    OnCallSource: {
      /** @enum {string} */
      kind: 'override' | 'layer';
      layer_name: string | null;
    } | null;
    ScheduleWeek: {
      time_zone: string;
      days: {
        date: string;
        blocks: {
          start: string;
          local_time: string;
          user: {
            id: string;
            name: string;
          } | null;
          source: components['schemas']['OnCallSource'];
        }[];
      }[];
    };
    ScheduleCalendarLink: {
      /** @description Shown once; rotating it again revokes this one */
      calendar_url: string;
    };
    Notification: {
      id: string;
      event: string;
      title: string;
      link: string;
      handoff_id: string | null;
      read_at: string | null;
      created_at: string;
    };
    PushDevice: {
      id: string;
      endpoint: string;
      label: string;
      created_at: string;
      last_sent_at: string | null;
    };
    PushSubscribeBody: {
      /** @example https://fcm.googleapis.com/fcm/send/abc… */
      endpoint: string;
      keys: {
        p256dh: string;
        auth: string;
      };
      label?: string;
      expirationTime?: number | null;
    };
    PushSettings: {
      quiet_hours: components['schemas']['QuietHours'];
    };
    QuietHours: {
      time_zone: string;
      from: string;
      to: string;
    } | null;
    EscalationAnalytics: {
      /** @enum {string} */
      period: '7d' | '30d' | '90d';
      from: string;
      to: string;
      time_to_claim: {
        avg: number | null;
        median: number | null;
        p90: number | null;
        p95: number | null;
        n: number;
      };
      time_to_first_action: {
        avg: number | null;
        median: number | null;
        p90: number | null;
        p95: number | null;
        n: number;
      };
      n_claimed: number;
      n_with_action: number;
      escalations: number;
      unclaimed: number;
      re_escalations: number;
      resolved_after_escalation: number;
      sessions_created: number;
      /** @description 0..1; null when no sessions were created */
      escalation_rate: number | null;
      metric_definition: string;
      savings: components['schemas']['Savings'];
      /** @description One entry per UTC day with escalations or claims, oldest first */
      series: {
        /** @description UTC day, YYYY-MM-DD; only days with activity are sent */
        day: string;
        escalations: number;
        claimed: number;
        time_to_claim_median: number | null;
        claims: number;
        with_action: number;
        time_to_first_action_median: number | null;
      }[];
      distribution: {
        time_to_claim: {
          label: string;
          lo: number;
          hi: number | null;
          count: number;
        }[];
        time_to_first_action: {
          label: string;
          lo: number;
          hi: number | null;
          count: number;
        }[];
      };
    };
    Savings: {
      baseline_median: number | null;
      baseline_n: number;
      ttfa_median: number | null;
      escalations_per_week: number;
      /** @description Negative when the in-product time is slower than the verbal baseline */
      hours_saved_per_week: number | null;
      criterion_met: boolean | null;
      /** @enum {string} */
      status: 'met' | 'not_met' | 'not_enough_data';
      arithmetic: string;
      /** @description The thresholds the status is judged by */
      criterion: {
        hours_per_week: number;
        min_baselines: number;
        min_claimed: number;
      };
    };
    BaselineMeasurement: {
      id: string;
      seconds: number;
      note: string | null;
      measured_at: string;
      created_at: string;
    };
    BaselineInput: {
      seconds: number;
      note?: string;
      /** Format: date-time */
      measured_at?: string;
    };
    PsaStatus: {
      connected: boolean;
      /** @enum {string|null} */
      provider: 'connectwise' | 'halopsa' | 'autotask' | null;
      time_entries: boolean;
    };
    PsaTicket: {
      number: string;
      summary: string;
      company: string | null;
      contact: string | null;
      board: string | null;
      status: string | null;
      initial_description: string | null;
    };
    PsaConnection: {
      /** @enum {string} */
      provider: 'connectwise' | 'halopsa' | 'autotask';
      enabled: boolean;
      site_url: string | null;
      company_id: string | null;
      public_key: string | null;
      has_private_key: boolean;
      client_id: string | null;
      auth_url?: string | null;
      tenant?: string | null;
      username?: string | null;
      has_secret?: boolean;
      note_type?: string | null;
      escalated_status: string | null;
      resolved_status: string | null;
      /** @enum {string} */
      resolution_note_visibility: 'internal' | 'customer';
      post_time_entry: boolean;
      last_test: {
        at: string;
        ok: boolean;
        error: string | null;
      } | null;
      created_at: string;
      updated_at: string;
    };
    SavePsaConnection:
      | {
          /** @enum {string} */
          provider: 'connectwise';
          site_url: string;
          company_id: string;
          public_key?: string;
          private_key?: string;
          client_id: string;
          /** @default true */
          enabled?: boolean;
          escalated_status?: string | null;
          resolved_status?: string | null;
          /**
           * @default internal
           * @enum {string}
           */
          resolution_note_visibility?: 'internal' | 'customer';
          /** @default false */
          post_time_entry?: boolean;
        }
      | {
          /** @enum {string} */
          provider: 'halopsa';
          site_url: string;
          auth_url: string;
          client_id: string;
          client_secret?: string;
          tenant?: string | null;
          note_type?: string | null;
          /** @default true */
          enabled?: boolean;
          escalated_status?: string | null;
          resolved_status?: string | null;
          /**
           * @default internal
           * @enum {string}
           */
          resolution_note_visibility?: 'internal' | 'customer';
          /** @default false */
          post_time_entry?: boolean;
        }
      | {
          /** @enum {string} */
          provider: 'autotask';
          /** Format: email */
          username: string;
          secret?: string;
          integration_code?: string;
          note_type?: string | null;
          /** @default true */
          enabled?: boolean;
          escalated_status?: string | null;
          resolved_status?: string | null;
          /**
           * @default internal
           * @enum {string}
           */
          resolution_note_visibility?: 'internal' | 'customer';
          /** @default false */
          post_time_entry?: boolean;
        };
    PsaTestResult: {
      ok: boolean;
      error?: string;
      server_version?: string | null;
    };
    PsaMemberLink: {
      user_id: string;
      name: string;
      email: string;
      role: string;
      psa_member: components['schemas']['PsaMember'] | null;
    };
    PsaMember: {
      id: number;
      identifier: string;
      name: string;
    };
    PsaChoices: {
      /** @enum {string} */
      provider: 'connectwise' | 'halopsa' | 'autotask';
      statuses: string[] | null;
      note_types: string[] | null;
    };
    LinkPsaMember: {
      member_id: number;
    };
    KnowledgeImport: {
      id: string;
      /** @enum {string} */
      kind: 'files' | 'psa_history';
      /** @enum {string} */
      status: 'queued' | 'running' | 'done' | 'failed';
      total: number;
      done: number;
      imported: number;
      skipped: number;
      failed: {
        file: string;
        reason: string;
      }[];
      error: string | null;
      since: string | null;
      created_at: string;
      updated_at: string;
      finished_at: string | null;
    };
    StartPsaHistoryImport: {
      /** @example 2025-01-01 */
      since?: string;
    };
    SlackApp: {
      configured: boolean;
      team_id: string | null;
      team_name: string | null;
      app_id: string | null;
      channel: string | null;
      bot_token: string | null;
      has_signing_secret: boolean;
      interactivity_url: string;
      updated_at: string | null;
    };
    SaveSlackApp: {
      signing_secret: string;
      bot_token: string;
      channel: string;
    };
    ArticleListItem: {
      id: string;
      /** @enum {string} */
      kind: 'article' | 'psa_ticket';
      title: string;
      tags: string[];
      source: components['schemas']['KnowledgeProvenance'];
      created_at: string;
      updated_at: string;
      created_by: {
        id: string;
        name: string;
      } | null;
      updated_by: {
        id: string;
        name: string;
      } | null;
      excerpt: string;
    };
    KnowledgeProvenance: {
      /** @enum {string} */
      type: 'written' | 'file' | 'proposal' | 'psa_ticket';
      ref: string | null;
      label: string;
    };
    Article: {
      id: string;
      /** @enum {string} */
      kind: 'article' | 'psa_ticket';
      title: string;
      tags: string[];
      source: components['schemas']['KnowledgeProvenance'];
      created_at: string;
      updated_at: string;
      created_by: {
        id: string;
        name: string;
      } | null;
      updated_by: {
        id: string;
        name: string;
      } | null;
      body: string;
    };
    CreateArticle: {
      title: string;
      body: string;
      /**
       * @example [
       *       "outlook",
       *       "mfa"
       *     ]
       */
      tags?: string[];
    };
    ArticleRevision: {
      id: string;
      title: string;
      body: string;
      tags: string[];
      edited_at: string;
      edited_by: {
        id: string;
        name: string;
      } | null;
    };
    UpdateArticle: {
      title?: string;
      body?: string;
      /**
       * @example [
       *       "outlook",
       *       "mfa"
       *     ]
       */
      tags?: string[];
    };
    RunbookListItem: {
      id: string;
      title: string;
      /** @enum {string} */
      domain:
        | 'email'
        | 'm365'
        | 'identity'
        | 'active_directory'
        | 'network'
        | 'dns_dhcp'
        | 'wifi'
        | 'printing'
        | 'endpoint'
        | 'server'
        | 'backup'
        | 'security'
        | 'lob_apps'
        | 'macos'
        | 'mobile'
        | 'virtualization'
        | 'database'
        | 'firewall'
        | 'collaboration'
        | 'google_workspace'
        | 'cloud'
        | 'rmm';
      /** @enum {string} */
      origin: 'shipped' | 'account';
      forked_from: string | null;
      source_label: string;
      updated_at: string | null;
      steps: number;
      causes: number;
    };
    RunbookEnvelope: {
      runbook: components['schemas']['RunbookDocument'];
      /** @enum {string} */
      origin: 'shipped' | 'account';
      forked_from: string | null;
      source_label: string;
      created_at: string | null;
      updated_at: string | null;
    };
    RunbookDocument: {
      [key: string]: unknown;
    };
    KnowledgeProposal: {
      id: string;
      /** @enum {string} */
      kind: 'article' | 'runbook';
      title: string;
      body?: string;
      runbook?: {
        [key: string]: unknown;
      };
      tags: string[];
      source_session_ids: string[];
      /** @enum {string} */
      status: 'pending' | 'approved' | 'dismissed';
      created_at: string;
      decided_at: string | null;
      decided_by: {
        id: string;
        name: string;
      } | null;
      result: {
        /** @enum {string} */
        kind: 'article' | 'runbook';
        id: string;
      } | null;
    };
    ApprovedProposal: {
      proposal: components['schemas']['KnowledgeProposal'];
      article?: components['schemas']['Article'];
      runbook?: {
        [key: string]: unknown;
      };
      /** @enum {string} */
      origin?: 'account';
      source_label?: string;
      created_at?: string | null;
      updated_at?: string | null;
    };
    ApproveProposal: {
      title?: string;
      body?: string;
      runbook?: {
        [key: string]: unknown;
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
