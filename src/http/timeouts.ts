/**
 * How long a client may take, so slow or idle connections cannot pile up (issue 13, finding 9).
 * Node's own limits cover the socket: headers must arrive within `headersMs`, the whole request
 * within `requestMs` (checked every second, answered with a bare 408), a socket with no traffic
 * at all is closed after `idleMs`, and a kept-alive socket between requests after `keepAliveMs`.
 * On top of that the body must be read within `bodyMs` (a route may allow more with
 * `config: { bodyTimeoutMs }`): a body trickled byte by byte is answered with 408 REQUEST_TIMEOUT in
 * the usual envelope and the connection is closed. Multipart uploads are read by their plugin from
 * the raw request and are bounded by Node's limits only.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config';
import { AppError } from '../core/errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's body-read budget in ms (default: `BODY_TIMEOUT_MS`). */
    bodyTimeoutMs?: number;
  }
}

/** The Fastify constructor options that set Node's socket limits. */
export function serverTimeoutOptions(timeouts: Config['timeouts']) {
  return {
    requestTimeout: timeouts.requestMs,
    // Longer than the live queue's 25 s heartbeat, so an open event stream is never idle this long.
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      // Node checks the two limits above on this period (30 s by default, far too coarse).
      connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
    },
  };
}

/** Refuses a body that is not fully read within the route's budget. */
export function registerBodyTimeout(app: FastifyInstance, defaultMs: number): void {
  app.addHook('preParsing', (request, reply, payload, done) => {
    if (request.raw.complete) return done(null, payload);
    // @fastify/multipart reads the raw request itself (a file upload may rightly take minutes on a
    // slow link): Node's whole-request and idle limits bound it, not this budget.
    if (request.headers['content-type']?.toLowerCase().startsWith('multipart/')) return done(null, payload);
    const ms = request.routeOptions.config?.bodyTimeoutMs ?? defaultMs;
    const guarded = new PassThrough();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The rest of the body will never be read: close the connection once the 408 is out.
      reply.header('connection', 'close');
      payload.unpipe(guarded);
      payload.resume();
      guarded.destroy(new AppError('REQUEST_TIMEOUT', { seconds: Math.ceil(ms / 1000) }));
    }, ms);
    const stop = () => clearTimeout(timer);
    payload.once('end', stop);
    payload.once('error', stop);
    payload.once('close', stop);
    payload.on('error', (err) => guarded.destroy(err));
    reply.raw.once('finish', () => {
      stop();
      if (timedOut) return request.raw.socket?.destroy();
      // Answered before the body was read (413, 415): nobody reads `guarded` any more, so let the
      // rest flow to whoever drains it instead of holding it back.
      if (!request.raw.complete) {
        payload.unpipe(guarded);
        payload.resume();
      }
    });
    payload.pipe(guarded);
    done(null, guarded);
  });
}
