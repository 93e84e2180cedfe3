// Serves the built browser app (web/dist, written by `npm run build:web`) with an SPA fallback:
// any GET that is not an API path gets index.html, so deep links such as /tasks/sentiment work on
// reload. Hashed files under /assets/ never change and are cached for a year; index.html never is.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { projectRoot } from '../project-root.js';

export const defaultWebDist = path.resolve(projectRoot, 'web/dist');

// No inline style or script: the CSP (security-headers.ts) allows neither.
const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Prompt sandbox</title>
<body>
<h1>The web app is not built</h1>
<p>The API is running, but <code>web/dist</code> is missing. Build the app with
<code>npm run build:web</code> (or start the sandbox with <code>npm start</code>, which builds it first) and reload.</p>`;

/** Paths owned by the server itself: never answered with the app. */
const SERVER_PATHS = /^\/(api|v1)(\/|$)|^\/(healthz|readyz)$/;

export function webStatic(distDir: string = defaultWebDist): Router {
  const router = express.Router();
  const indexFile = path.join(distDir, 'index.html');
  router.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }));
  router.use(express.static(distDir, { index: false, maxAge: 0, setHeaders: (response) => response.setHeader('cache-control', 'no-cache') }));
  router.get(/.*/, (request, response, next) => {
    if (SERVER_PATHS.test(request.path) || request.path.startsWith('/assets/')) return next();
    // Only browsers navigating want the app; a script asking for JSON gets the API's 404.
    if (!request.accepts('html')) return next();
    if (!fs.existsSync(indexFile)) {
      response.status(503).type('html').send(NOT_BUILT);
      return;
    }
    response.setHeader('cache-control', 'no-cache');
    response.sendFile(indexFile);
  });
  return router;
}
