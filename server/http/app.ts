import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { API_DOCS_POLICY, renderApiDocs } from './api-docs';
import { CSP_HEADER, htmlContentSecurityPolicy } from './content-security-policy';
import { replyWithError } from './errors';
import { authenticate } from './middleware/auth';
import { closeAfterUnreadBody } from './middleware/connection-close';
import { handleError } from './middleware/errors';
import { requestContext } from './middleware/request-context';
import { createRouter } from './openapi';
import { analyticsRoutes } from './routes/analytics';
import { apiTokenRoutes } from './routes/api-tokens';
import { auditLogRoutes } from './routes/audit-log';
import { authRoutes } from './routes/auth';
import { accountSettingsRoutes } from './routes/account-settings';
import { ssoRoutes } from './routes/sso';
import { mfaRoutes } from './routes/mfa';
import { passkeyRoutes } from './routes/passkeys';
import { channelRoutes } from './routes/channels';
import { deliveryRoutes } from './routes/deliveries';
import { handoffRoutes } from './routes/handoffs';
import { inviteRoutes } from './routes/invites';
import { knowledgeRoutes } from './routes/knowledge';
import { articleRoutes } from './routes/knowledge-articles';
import { runbookRoutes } from './routes/knowledge-runbooks';
import { KNOWLEDGE_IMPORT_PATH, knowledgeImportRoutes } from './routes/knowledge-imports';
import { knowledgeProposalRoutes } from './routes/knowledge-proposals';
import { memberRoutes } from './routes/members';
import { meSessionRoutes } from './routes/me-sessions';
import { policyRoutes } from './routes/policies';
import { scheduleRoutes } from './routes/schedules';
import { psaRoutes } from './routes/psa';
import { slackRoutes } from './routes/slack';
import { pushRoutes } from './routes/push';
import { notificationRoutes } from './routes/notifications';
import { streamRoutes } from './routes/stream';
import { sessionRoutes } from './routes/sessions';
import { systemRoutes } from './routes/system';
import { mountWebApp } from './static';
import type { AppDeps, AppEnv } from './types';

export const API_PREFIX = '/api/v1';
const MAX_BODY_BYTES = 1024 * 1024;

const OPENAPI_CONFIG = {
  openapi: '3.1.0',
  info: {
    title: 'ResolutionFlow',
    version: '1.0.0',
    description: 'Troubleshooting and escalation for MSPs',
  },
  servers: [{ url: API_PREFIX }],
};

/** The versioned JSON API: every route with its zod schemas, behind authentication. */
function createApiRouter() {
  const api = createRouter();
  api.openAPIRegistry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: 'rf_session',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  api.use('*', authenticate());
  api.route('/', authRoutes);
  api.route('/', meSessionRoutes);
  api.route('/', mfaRoutes);
  api.route('/', passkeyRoutes);
  api.route('/', accountSettingsRoutes);
  api.route('/', ssoRoutes);
  api.route('/', memberRoutes);
  api.route('/', inviteRoutes);
  api.route('/', apiTokenRoutes);
  api.route('/', auditLogRoutes);
  api.route('/', sessionRoutes);
  api.route('/', handoffRoutes);
  api.route('/', channelRoutes);
  api.route('/', deliveryRoutes);
  api.route('/', policyRoutes);
  api.route('/', scheduleRoutes);
  api.route('/', notificationRoutes);
  api.route('/', pushRoutes);
  api.route('/', streamRoutes);
  api.route('/', analyticsRoutes);
  api.route('/', psaRoutes);
  api.route('/', slackRoutes);
  api.route('/', knowledgeRoutes);
  api.route('/', articleRoutes);
  api.route('/', runbookRoutes);
  api.route('/', knowledgeImportRoutes);
  api.route('/', knowledgeProposalRoutes);
  api.doc31('/openapi.json', OPENAPI_CONFIG);
  return api;
}

/**
 * The OpenAPI document `/api/v1/openapi.json` serves, built in-process without deps or a database
 * (`npm run api:generate` turns it into the web client's types).
 */
export function openApiDocument() {
  return createApiRouter().getOpenAPI31Document(OPENAPI_CONFIG);
}

/** Builds the HTTP application; no socket. `main.ts` listens, tests call `app.request()` or listen on port 0. */
export function createApp(deps: AppDeps) {
  const api = createApiRouter();

  const app = new Hono<AppEnv>();
  // First, so it sees every answer, including those of the body limits and of onError.
  app.use('*', closeAfterUnreadBody);
  app.use('*', requestContext(deps));
  // The Content-Security-Policy is per page (content-security-policy.ts); the rest is the same for all.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: undefined,
      crossOriginEmbedderPolicy: false,
      xFrameOptions: 'DENY', // as frame-ancestors 'none', for browsers that predate it
      permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
    }),
  );
  app.use('*', htmlContentSecurityPolicy());
  const apiBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => replyWithError(c, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${MAX_BODY_BYTES} bytes`),
  });
  // The file import sets its own, larger limit (routes/knowledge-imports.ts).
  const uploadPath = `${API_PREFIX}${KNOWLEDGE_IMPORT_PATH}`;
  app.use(`${API_PREFIX}/*`, (c, next) => (c.req.path === uploadPath ? next() : apiBodyLimit(c, next)));
  app.onError(handleError);
  app.route('/', systemRoutes);
  app.get('/api/docs', (c) =>
    c.html(
      renderApiDocs(api.getOpenAPI31Document(OPENAPI_CONFIG) as never, `${API_PREFIX}/openapi.json`),
      200,
      { [CSP_HEADER]: API_DOCS_POLICY },
    ),
  );
  app.route(API_PREFIX, api);
  app.all('/api/*', (c) => replyWithError(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`));
  mountWebApp(app);
  app.notFound((c) => replyWithError(c, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`));
  return app;
}
