/**
 * A per-user request budget on everything a signed-in user calls (issue 13, finding 8): public
 * routes are limited per address, and without this a stolen cookie or token could hammer the
 * heavy staff routes (exports, dashboards) without limit. Counted per user, whatever the address,
 * in this process's memory like the public limits (`STAFF_REQUESTS_PER_MINUTE`, default 600 — a
 * technician's busiest page is a handful of requests; scripts with a token stay well inside).
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/errors';
import { SharedRateLimitStore } from './rate-limit-store';

const WINDOW_MS = 60_000;

export function registerStaffRateLimit(app: FastifyInstance, perMinute: number): void {
  const store = new SharedRateLimitStore();
  app.addHook('onRequest', (request, _reply, done) => {
    const actor = request.actor;
    if (!actor) return done();
    store.incr(
      `staff:${actor.userId}`,
      (_err, { current, ttl }) => {
        if (current <= perMinute) return done();
        const seconds = Math.max(1, Math.ceil(ttl / 1000));
        done(new AppError('RATE_LIMITED', { seconds }, undefined, { 'Retry-After': String(seconds) }));
      },
      WINDOW_MS,
    );
  });
}
