import helmet, { HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The directives of every page and answer: no inline script or style anywhere. */
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  // Off: served over plain HTTP (a laptop, a cluster behind a TLS-terminating proxy), upgrading would
  // send the dashboard's scripts and API calls to an https origin that does not answer.
  upgradeInsecureRequests: null,
};

/** The app's helmet policy: a CSP that keeps the dashboard working over plain HTTP, without inline code. */
export const HELMET_OPTIONS: Readonly<HelmetOptions> = { contentSecurityPolicy: { directives: DIRECTIVES } };

/** The paths of Swagger UI and its documents, the only pages with inline code. */
export const DOCS_PATH_PREFIX = '/docs';

/** The policy under DOCS_PATH_PREFIX: Swagger UI runs an inline init script and inline styles. */
export const DOCS_HELMET_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      ...DIRECTIVES,
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
};

/**
 * The security headers helmet sets for this policy, computed once. helmet's headers depend only on its
 * options, never on the request, so running its middleware per request (as @fastify/helmet does) spent
 * ~4% of every request re-deriving the same dozen strings.
 */
export function securityHeaders(options: Readonly<HelmetOptions> = HELMET_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  // helmet reports a bad option by passing an Error to next().
  if (failure instanceof Error) throw failure;
  return headers;
}
