/**
 * Security headers (CSP, frame, referrer, HSTS …) from helmet, computed ONCE at start-up.
 * @fastify/helmet rebuilds helmet's middleware — re-parsing every CSP directive — on every
 * request, which cost ~10 % of a small API answer's CPU. Our policy has no per-request parts
 * (no nonces), so helmet writes its headers into a recorder here and each reply copies them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export function computeSecurityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown = null;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) failure = err;
  });
  if (failure) throw failure;
  return headers;
}

/**
 * What a JSON answer of the API needs (OWASP REST Security): it is never rendered as a document, so
 * its policy forbids everything (`default-src 'none'`) and framing; nosniff keeps a browser from
 * reading it as HTML. The document-only headers (opener policy, XSS auditor, DNS prefetch …) add
 * bytes and work to every answer and nothing to its safety.
 */
export function apiSecurityHeaderOptions(https: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    strictTransportSecurity: https ? undefined : false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  };
}

/** Page headers on every answer, except the JSON API under `apiPrefix`, which gets `api`'s. */
export function registerSecurityHeaders(app: FastifyInstance, options: { pages: HelmetOptions; api: HelmetOptions; apiPrefix: string }): void {
  const pages = Object.entries(computeSecurityHeaders(options.pages));
  const api = Object.entries(computeSecurityHeaders(options.api));
  app.addHook('onRequest', (request, reply, done) => {
    for (const [name, value] of request.url.startsWith(options.apiPrefix) ? api : pages) reply.header(name, value);
    done();
  });
}
