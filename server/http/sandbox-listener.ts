// What the server listens with: `http.createServer(listener)`. The gateway's fast lane answers the
// POSTs a notebook sends (/v1/chat/completions, /v1/completions and /v1/responses with a plain
// JSON body) before express; everything else, and whatever the lane declines, goes to the express app of
// createApp. Measured under the benchmark's load, express's own dispatch (re-prototyping each
// request and response, the router stack, body-parser) was about a fifth of those POSTs' CPU
// (bench/README.md, gateway). The composition is a plain request listener, in sight of whoever
// starts a server, instead of a patch of express's internals.
import type http from 'node:http';
import type express from 'express';
import { createAuthThrottle } from '../accounts/auth-throttle.js';
import { defaultAuthFailureLimits } from '../config.js';
import type { AppDeps } from './app-deps.js';
import { createApp } from './create-app.js';
import { gatewayFastLane } from './gateway-fast-lane.js';
import { createGatewayHandler } from './gateway-handler.js';
import { createSecurityHeaders } from './security-headers.js';

export type SandboxListener = {
  /** The express app (every route, /v1 included): for tests that drive routes with supertest. */
  app: express.Express;
  /** The fast lane, then the app: what a server listens with. */
  listener: (request: http.IncomingMessage, response: http.ServerResponse) => void;
};

export function createSandboxListener(deps: AppDeps): SandboxListener {
  // One throttle of failed credentials for both ways in: a token guessed on the fast lane counts
  // against the same limits as one guessed through express.
  const authThrottle = deps.authThrottle ?? createAuthThrottle(deps.config.authFailures ?? defaultAuthFailureLimits, deps.services.stores.failureLimiter);
  const shared: AppDeps = { ...deps, authThrottle };
  const app = createApp(shared);
  // The same security headers express's helmet sends, set by the lane on what it answers.
  const fastLane = gatewayFastLane(shared, createGatewayHandler(shared, authThrottle), createSecurityHeaders({ https: deps.config.cookieSecure }));
  return {
    app,
    listener: (request, response) => {
      if (!fastLane(request, response)) app(request, response);
    },
  };
}
