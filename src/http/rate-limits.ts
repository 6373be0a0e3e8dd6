/**
 * Rate-limit settings for public routes, per client address (see TRUST_PROXY). Each kind is one
 * budget shared by all the routes that use it (`groupId`): without it @fastify/rate-limit counts
 * every route separately, and three routes that reveal directory data would allow three times the
 * stated number of lookups.
 */
import type { FastifyInstance } from 'fastify';

export const publicRateLimit = (app: FastifyInstance) => ({
  max: app.ctx.config.rateLimitPerMinute,
  timeWindow: 60_000,
  groupId: 'public',
});

/** Anything that looks a DNI up: stricter, so the directory cannot be harvested. */
export const directoryRateLimit = (app: FastifyInstance) => ({
  max: app.ctx.config.directoryLookupsPerMinute,
  timeWindow: 60_000,
  groupId: 'directory',
});
