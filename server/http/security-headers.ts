// Security headers on every answer: pages, static files, /api, /v1. helmet writes them for express;
// the gateway's fast lane answers some /v1 POSTs before express, so it applies the same list, read
// once from the very helmet middleware express uses (no directive depends on the request), so the
// two ways in cannot drift apart.
//
// The policy, and why:
// - CSP: the built app (web/dist) is one module script and stylesheets under /assets, no inline
//   script or style (React's style={...} props are set through the DOM, which CSP allows), so
//   script-src and style-src are 'self' only. Images: task images come from /api, the CLIP
//   playground shows uploads as data: URLs and the favicon is a data: URL. Nothing may frame the
//   app (frame-ancestors 'none', X-Frame-Options DENY for older browsers): staff buttons such as
//   Revoke and New token are not clickjackable.
// - nosniff: uploads and model output are never read as HTML or script.
// - no-referrer: a one-time sign-in link (/api/auth/one-time/<code>) never leaves in a Referer.
// - HSTS and upgrade-insecure-requests only when the sandbox is served over HTTPS (secure
//   cookies): a lab server on http://<LAN address> must not tell browsers to switch to https.
import type http from 'node:http';
import helmet from 'helmet';

export type SecurityHeaders = {
  /** helmet, for express. */
  middleware: (request: http.IncomingMessage, response: http.ServerResponse, next: (error?: unknown) => void) => void;
  /** The same headers as name/value pairs, for answers written without express. */
  headers: readonly (readonly [string, string])[];
  /** Sets every header on a response that has not started. */
  apply(response: http.ServerResponse): void;
};

export function createSecurityHeaders(options: { https: boolean }): SecurityHeaders {
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(options.https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https ? { maxAge: 365 * 86_400 } : false,
  });
  const headers: [string, string][] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      headers.push([name, String(value)]);
    },
    removeHeader() {},
  };
  middleware({} as http.IncomingMessage, recorder as unknown as http.ServerResponse, (error) => {
    if (error) throw error;
  });
  return {
    middleware,
    headers,
    apply(response) {
      for (const [name, value] of headers) response.setHeader(name, value);
    },
  };
}
