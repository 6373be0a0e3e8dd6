/** Rate-limit settings for public routes, per client address (see TRUST_PROXY). */
import type { FastifyInstance } from 'fastify';

export const publicRateLimit = (app: FastifyInstance) => ({
  max: app.ctx.config.rateLimitPerMinute,
  timeWindow: 60_000,
});

/** Directory lookups: stricter, so the endpoint cannot be used to harvest the directory. */
export const directoryRateLimit = (app: FastifyInstance) => ({
  max: app.ctx.config.directoryLookupsPerMinute,
  timeWindow: 60_000,
  keyGenerator: (request: { ip: string }) => `dir:${request.ip}`,
});
