/**
 * Every error code the server sends in an error body `{ code, message, details? }`, the HTTP status it
 * comes with, and when. Shared by server and web: the server's `AppError` takes its status from here,
 * the OpenAPI document lists these codes in its `Error` schema, and the web switches on the typed code,
 * so a misspelt code fails the type check on both sides.
 *
 * Adding a code: add it here with its status and a one-line description; nothing else needs listing.
 */
type ErrorCodeSpec = {
  status: number;
  /** Further statuses the same code is sent with; AppError uses one only when asked by name. */
  otherStatuses?: readonly number[];
  /** When the code is sent, for the OpenAPI document. */
  description: string;
};

export const ERROR_CODES = {
  // 400: the request itself is wrong; nothing was changed.
  BAD_REQUEST: {
    status: 400,
    description: 'The request could not be used (unreadable body, a value the database refuses, bad HTTP)',
  },
  VALIDATION_ERROR: {
    status: 400,
    description: 'A field of the body, query or path fails its schema; `details` names each field',
  },
  PASSKEY_INVALID: {
    status: 400,
    description:
      'A passkey registration answer that does not verify, or whose challenge is missing, expired or already used',
  },
  URL_NOT_ALLOWED: {
    status: 400,
    // The PSA case answers 422 like the other PSA refusals: the URL was accepted when it was saved.
    otherStatuses: [422],
    description:
      'A URL points somewhere the server may not call: 400 for a URL in the request, 422 for the saved PSA site during a PSA call',
  },
  INVALID_RUNBOOK: {
    status: 400,
    description: 'The runbook breaks a rule of the runbook format; `details` lists the problems',
  },
  TOO_MANY_FILES: {
    status: 400,
    description:
      'A knowledge upload holds more files than one import may (archives counted by their contents)',
  },
  MFA_CODE_INVALID: {
    status: 400,
    // At sign-in the code is the credential being checked, so it answers like a wrong password.
    otherStatuses: [401],
    description:
      'A second-factor code (TOTP or recovery code) is wrong, outside ±30 s, or already used: 401 at sign-in (POST /auth/mfa), 400 for a signed-in user',
  },
  SSO_STATE_INVALID: {
    status: 400,
    description:
      'The single sign-on callback has no, an unknown, an expired or an already used state, or comes from another browser; start again',
  },

  // 401: no caller, or the wrong password.
  UNAUTHORIZED: { status: 401, description: 'Not signed in, or the API token is invalid or revoked' },
  INVALID_CREDENTIALS: { status: 401, description: 'Sign-in with a wrong email or password' },
  SLACK_SIGNATURE_INVALID: {
    status: 401,
    description:
      'A Slack interaction whose X-Slack-Signature does not verify for any account, whose timestamp is more than 5 minutes off, or that was already received',
  },
  MFA_TOKEN_INVALID: {
    status: 401,
    description: 'The mfa_token of a two-step sign-in is unknown, expired or already used; sign in again',
  },

  // 403: the caller may not do this.
  FORBIDDEN: { status: 403, description: 'The caller’s role or relation to the item does not allow this' },
  CSRF_TOKEN_INVALID: {
    status: 403,
    description: 'A cookie-authenticated change without a valid X-CSRF-Token header',
  },
  SESSION_REQUIRED: {
    status: 403,
    description: 'Only a signed-in browser session may do this (an API token may not create API tokens)',
  },
  MFA_ENROLMENT_REQUIRED: {
    status: 403,
    description:
      'The account requires two-factor sign-in and the caller has not set it up: only /me, sign-out and enrolment are open',
  },
  SSO_REQUIRED: {
    status: 403,
    description:
      'The account signs its members in with single sign-on only: use “Sign in with SSO” (the owner keeps a password)',
  },

  // 404: missing, or belongs to another account (answered the same, so existence is never confirmed).
  NOT_FOUND: { status: 404, description: 'No such item in the caller’s account, or no such route' },
  RESET_LINK_INVALID: { status: 404, description: 'The password reset link is not a known link' },
  PSA_NOT_FOUND: { status: 404, description: 'The PSA answered that what was asked for does not exist' },
  TICKET_NOT_FOUND: { status: 404, description: 'The PSA has no ticket with this number' },
  SSO_DOMAIN_UNKNOWN: {
    status: 404,
    description: 'No account signs in with single sign-on for this email domain (or it is switched off)',
  },

  // 408: Node gave up waiting for the request.
  REQUEST_TIMEOUT: { status: 408, description: 'The request took too long to arrive' },

  // 409: the item's current state refuses the change.
  CONFLICT: { status: 409, description: 'The change collides with an existing record' },
  INVALID_TRANSITION: {
    status: 409,
    description: 'The session’s status does not allow this action (or changed meanwhile)',
  },
  STEP_NOT_CURRENT: {
    status: 409,
    description: 'The step was already answered or is no longer current; carries `current_step_id`',
  },
  ALREADY_CLAIMED: {
    status: 409,
    description: 'Someone else claimed the escalation first; carries `claimed_by` and `claimed_at`',
  },
  NOT_CLAIMED: { status: 409, description: 'Release of an escalation nobody has claimed' },
  HANDOFF_CLOSED: { status: 409, description: 'The escalation is closed: its session was resolved' },
  LAST_OWNER: { status: 409, description: 'The change would leave the account without an active owner' },
  EMAIL_TAKEN: { status: 409, description: 'A user with this email already exists' },
  INVITE_ALREADY_ACCEPTED: { status: 409, description: 'Revoking an invite that was already accepted' },
  DUPLICATE_ARTICLE: {
    status: 409,
    description: 'An article with the same title and text already exists in the account',
  },
  DUPLICATE_RUNBOOK: { status: 409, description: 'An identical runbook already exists in the account' },
  RUNBOOK_EXISTS: { status: 409, description: 'The account already has a runbook with this id' },
  SHIPPED_RUNBOOK: { status: 409, description: 'Shipped runbooks cannot be changed, only forked' },
  PROPOSAL_DECIDED: { status: 409, description: 'The proposal was already approved or dismissed' },
  NOT_RETRYABLE: { status: 409, description: 'Only failed or dead deliveries can be retried' },
  IMPORT_RUNNING: {
    status: 409,
    description: 'A PSA history import is already running; carries its `import_id`',
  },
  PSA_NOT_CONNECTED: { status: 409, description: 'The account has no PSA connection, or it is switched off' },
  PSA_KEYS_UNREADABLE: {
    status: 409,
    description: 'The stored PSA keys cannot be opened (the secret changed); save them again',
  },
  MFA_ALREADY_ENABLED: { status: 409, description: 'Two-factor sign-in is already on; turn it off first' },
  MFA_NOT_ENABLED: {
    status: 409,
    description:
      'Two-factor sign-in is not on for this user (disable, new recovery codes, or requiring it for the account before one’s own)',
  },
  MFA_ENROLMENT_NOT_STARTED: {
    status: 409,
    description: 'Confirming an authenticator app before starting the enrolment (POST /me/mfa/totp)',
  },
  PASSKEY_NONE: {
    status: 409,
    description: 'Passkey sign-in options asked for a user who has no passkey registered',
  },
  PASSKEY_ALREADY_REGISTERED: { status: 409, description: 'This passkey is already registered for the user' },
  SCHEDULE_IN_USE: {
    status: 409,
    description: 'Deleting an on-call schedule that the escalation policy still pages',
  },
  PASSKEY_LAST_FACTOR: {
    status: 409,
    description: 'Removing the last second factor while the account requires two-factor sign-in',
  },
  SSO_DOMAIN_TAKEN: {
    status: 409,
    description: 'An email domain is already used for single sign-on by another account',
  },
  SSO_NOT_CONFIGURED: { status: 409, description: 'The account has no single sign-on settings saved yet' },

  // 410: a link or invite that worked once and no longer does.
  INVITE_USED: { status: 410, description: 'The invite has already been used' },
  INVITE_REVOKED: { status: 410, description: 'The invite was revoked' },
  INVITE_EXPIRED: { status: 410, description: 'The invite has expired' },
  INVITE_NO_LONGER_VALID: {
    status: 410,
    description: 'The one who sent the invite is no longer active or may no longer grant its role',
  },
  RESET_LINK_USED: { status: 410, description: 'The password reset link has already been used' },
  RESET_LINK_REPLACED: { status: 410, description: 'A newer password reset link was sent for this user' },
  RESET_LINK_EXPIRED: { status: 410, description: 'The password reset link has expired' },
  USER_DEACTIVATED: { status: 410, description: 'The user was deactivated and cannot reset the password' },

  // 413, 415, 431: the request's size or format.
  PAYLOAD_TOO_LARGE: {
    status: 413,
    description: 'The body is over the limit (1 MB for JSON, larger for knowledge uploads)',
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The body is not in a content type this route reads' },
  HEADERS_TOO_LARGE: { status: 431, description: 'The request line and headers exceed 16 KB' },

  // 422: the PSA refused what we sent on the caller's behalf.
  PSA_AUTH_FAILED: { status: 422, description: 'The PSA refused the stored keys' },
  PSA_REJECTED: { status: 422, description: 'The PSA refused or did not apply the change' },
  SLACK_AUTH_FAILED: {
    status: 422,
    description: 'Slack refused the bot token (auth.test), or the token is not a bot token of one workspace',
  },

  // 429: too many attempts.
  RATE_LIMITED: {
    status: 429,
    description: 'Too many sign-in or password reset attempts; the Retry-After header says how long to wait',
  },
  STREAM_LIMIT_REACHED: {
    status: 429,
    description:
      'Too many live streams open for this user or this account (STREAM_MAX_PER_USER / STREAM_MAX_PER_ACCOUNT); close one first',
  },
  MFA_TOO_MANY_ATTEMPTS: {
    status: 429,
    description:
      'Too many wrong second-factor codes: the sign-in token is spent (sign in again), or the user must wait (Retry-After)',
  },

  // 5xx: our side or a service we depend on.
  INTERNAL: { status: 500, description: 'An unexpected server error; the details are in the server log' },
  SSO_PROVIDER_UNAVAILABLE: {
    status: 502,
    description: 'The account’s identity provider could not be reached or its discovery document is unusable',
  },
  PSA_UNAVAILABLE: {
    status: 502,
    description: 'The PSA did not answer usefully (5xx, timeout, unreachable)',
  },
  SLACK_UNAVAILABLE: {
    status: 502,
    description: 'Slack’s Web API did not answer usefully (5xx, timeout, unreachable)',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    description: 'The database cannot be reached right now; retry shortly',
  },
  IMPORTS_UNAVAILABLE: { status: 503, description: 'File imports are not running in this server process' },
  STREAM_UNAVAILABLE: { status: 503, description: 'The live stream needs the Node HTTP server' },
  NOT_READY: {
    status: 503,
    description: 'Readiness probe (/readyz, outside the API): the database is unreachable or shutting down',
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Every code, in the order above (grouped by status). */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

type SpecOf<C extends ErrorCode> = (typeof ERROR_CODES)[C];
/** The status a code is normally sent with. */
export type StatusOf<C extends ErrorCode> = SpecOf<C>['status'];
/** The further statuses a code may be sent with; `never` for nearly all codes. */
export type OtherStatusOf<C extends ErrorCode> =
  SpecOf<C> extends { otherStatuses: readonly (infer S)[] } ? S : never;
/** Every status an error answer can have. */
export type ErrorStatus = { [C in ErrorCode]: StatusOf<C> | OtherStatusOf<C> }[ErrorCode];
/** The codes normally sent with status `S`, e.g. `CodeWithStatus<409>` for the conflict helper. */
export type CodeWithStatus<S extends ErrorStatus> = {
  [C in ErrorCode]: StatusOf<C> extends S ? C : never;
}[ErrorCode];
