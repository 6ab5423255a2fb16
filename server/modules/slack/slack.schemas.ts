import { z } from '@hono/zod-openapi';

/**
 * The Slack app's settings. Secrets travel in HTTP headers (the token) or an HMAC key (the signing
 * secret): printable ASCII without spaces, within generous bounds of what Slack issues.
 */
export const SaveSlackAppBody = z
  .object({
    /** Basic Information → App Credentials → Signing Secret (32 hexadecimal characters today). */
    signing_secret: z
      .string()
      .trim()
      .min(16, 'The signing secret is at least 16 characters')
      .max(128)
      .regex(/^[A-Za-z0-9]+$/, 'The signing secret has letters and digits only'),
    /** OAuth & Permissions → Bot User OAuth Token (`xoxb-…`). */
    bot_token: z
      .string()
      .trim()
      .max(255)
      .regex(/^xoxb-[A-Za-z0-9-]+$/, 'Enter the bot token: it starts with xoxb-'),
    /** Where escalations are posted: a channel id (C0123ABCD) or name (#escalations). */
    channel: z
      .string()
      .trim()
      .min(1, 'Enter the channel')
      .max(100)
      .regex(
        /^#?[a-z0-9][a-z0-9._-]*$|^[CGD][A-Z0-9]{2,30}$/,
        'Enter a channel id (C0123ABCD) or a channel name (#escalations)',
      ),
  })
  .openapi('SaveSlackApp');

export const SlackApp = z
  .object({
    configured: z.boolean(),
    /** The workspace the bot token belongs to (from auth.test when it was saved). */
    team_id: z.string().nullable(),
    team_name: z.string().nullable(),
    app_id: z.string().nullable(),
    channel: z.string().nullable(),
    /** The token's last characters ("…a1B2"); the token and the signing secret are never returned. */
    bot_token: z.string().nullable(),
    has_signing_secret: z.boolean(),
    /** The Request URL to paste under Interactivity & Shortcuts. */
    interactivity_url: z.string(),
    updated_at: z.string().nullable(),
  })
  .openapi('SlackApp');
