// createApp(deps) builds the express app without listening, so tests drive it with supertest.
// Order matters: request log, security headers, authentication, open routes, then everything behind
// sign-in, staff routes behind the staff check, the /v1 gateway (its own token auth and error
// shape), the web app.
// The /v1 routes here serve every gateway request on their own; a server listens through
// sandbox-listener.ts, whose fast lane answers the two common gateway POSTs before express.
import express from 'express';
import { createAuthThrottle } from '../accounts/auth-throttle.js';
import { defaultAuthFailureLimits } from '../config.js';
import type { AppDeps } from './app-deps.js';
import { authRoutes } from './auth.routes.js';
import { authenticate, requireStaff, requireUser, sameOriginForCookies } from './auth.js';
import { draftsRoutes } from './drafts.routes.js';
import { createErrorHandler } from './errors.js';
import { extensionsRoutes } from './extensions.routes.js';
import { createGatewayHandler } from './gateway-handler.js';
import { gatewayRoutes } from './gateway.routes.js';
import { healthRoutes } from './health.routes.js';
import { imageTextRoutes } from './image-text.routes.js';
import { meRoutes } from './me.routes.js';
import { requestLog } from './request-log.js';
import { assignRequestId } from './request-id.js';
import { createSecurityHeaders } from './security-headers.js';
import { runsRoutes } from './runs.routes.js';
import { staffAnalysisRoutes } from './staff-analysis.routes.js';
import { staffMembersRoutes } from './staff-members.routes.js';
import { staffQueueRoutes } from './staff-queue.routes.js';
import { staffRegradeRoutes } from './staff-regrade.routes.js';
import { staffStudentRoutes } from './staff-student.routes.js';
import { staffSubmissionsRoutes } from './staff-submissions.routes.js';
import { staffTokensRoutes } from './staff-tokens.routes.js';
import { staffRoutes } from './staff.routes.js';
import { submissionsRoutes } from './submissions.routes.js';
import { tasksRoutes } from './tasks.routes.js';
import { usageRoutes } from './usage.routes.js';

export type { AppDeps } from './app-deps.js';

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // API answers are per user and per moment; hashing every body for an ETag buys nothing.
  app.set('etag', false);
  // Served over HTTPS exactly when the session cookie is Secure (SANDBOX_COOKIE_SECURE).
  const security = createSecurityHeaders({ https: deps.config.cookieSecure });
  // One throttle of failed credentials for every way in: /api sign-in, bearer tokens, /v1 both lanes;
  // its counts live in the database, so every process on it enforces one limit.
  const throttle = deps.authThrottle ?? createAuthThrottle(deps.config.authFailures ?? defaultAuthFailureLimits, deps.services.stores.failureLimiter);
  const gateway = createGatewayHandler(deps, throttle);
  app.use(requestLog(deps.log, deps.clock));
  app.use(security.middleware);
  app.use('/v1', gatewayRoutes(deps, gateway));
  app.use(healthRoutes(deps));

  const api = express.Router();
  api.use((_request, response, next) => {
    assignRequestId(response);
    next();
  });
  api.use(authenticate(deps.services.accounts, throttle));
  api.use(sameOriginForCookies({ publicUrl: deps.config.publicUrl ?? null, cookieSecure: deps.config.cookieSecure }));
  api.use(authRoutes(deps, throttle));
  api.use(requireUser);
  api.use('/staff', requireStaff('the staff API'));
  api.use(meRoutes(deps));
  api.use(tasksRoutes(deps));
  api.use(draftsRoutes(deps));
  api.use(runsRoutes(deps));
  api.use(imageTextRoutes(deps));
  api.use(usageRoutes(deps));
  api.use(submissionsRoutes(deps));
  api.use(staffRoutes(deps));
  api.use(staffSubmissionsRoutes(deps));
  api.use(staffQueueRoutes(deps));
  api.use(staffRegradeRoutes(deps));
  api.use(staffStudentRoutes(deps));
  api.use(staffMembersRoutes(deps));
  api.use(staffAnalysisRoutes(deps));
  api.use(staffTokensRoutes(deps));
  api.use(extensionsRoutes(deps));
  api.use((request, response) => {
    response.status(404).json({ error: { code: 'not_found', message: `no API route ${request.method} /api${request.path.slice(0, 200)}` } });
  });
  app.use('/api', api);

  deps.mountWeb?.(app);
  app.use((request, response) => {
    response.status(404).json({ error: { code: 'not_found', message: `nothing at ${request.method} ${request.path.slice(0, 200)}` } });
  });
  app.use(createErrorHandler(deps.log));
  return app;
}
