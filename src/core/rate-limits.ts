/**
 * Rate-limit settings for public routes, per client address (see TRUST_PROXY). Each kind is one
 * budget shared by all the routes that use it (`groupId`): without it @fastify/rate-limit counts
 * every route separately, and three routes that reveal directory data would allow three times the
 * stated number of lookups.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors';

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

function charge(request: FastifyRequest, key: string, max: number, windowMs: number): Promise<{ allowed: boolean; ttl: number }> {
  return new Promise((resolve) => {
    request.server.rateLimitStore.incr(key, (_err, { current, ttl }) => resolve({ allowed: current <= max, ttl }), windowMs);
  });
}

/**
 * A filing that is about to look a DNI up (issue 13, findings 3 and 15): it spends one lookup of
 * the same per-address budget as `GET /directory/{dni}` (same key as the plugin's `directory`
 * group), and one filing of the per-address hourly filing budget (`FILINGS_PER_HOUR`).
 */
export async function chargeFilingLookup(request: FastifyRequest): Promise<void> {
  const { config } = request.server.ctx;
  const lookup = await charge(request, `${request.ip}directory`, config.directoryLookupsPerMinute, 60_000);
  if (!lookup.allowed) {
    const seconds = Math.max(1, Math.ceil(lookup.ttl / 1000));
    throw new AppError('RATE_LIMITED', { seconds }, undefined, { 'Retry-After': String(seconds) });
  }
  await chargeFiling(request);
}

/**
 * One "Seguir por Telegram" press of the per-address hourly budget (issue 13, finding 11): each
 * press stores an anonymous link token, so an unthrottled form would let anyone fill the table.
 */
export async function chargeFollowLink(request: FastifyRequest): Promise<void> {
  const { config } = request.server.ctx;
  const follow = await charge(request, `${request.ip}follow-link`, config.followLinksPerHour, 3_600_000);
  if (!follow.allowed) {
    const seconds = Math.max(1, Math.ceil(follow.ttl / 1000));
    throw new AppError('TOO_MANY_FOLLOW_LINKS', { minutes: Math.ceil(seconds / 60) }, undefined, { 'Retry-After': String(seconds) });
  }
}

/** One filing of the per-address hourly budget (the portal form, whose route already spends a lookup). */
export async function chargeFiling(request: FastifyRequest): Promise<void> {
  const { config } = request.server.ctx;
  const filing = await charge(request, `${request.ip}filing`, config.filingsPerHour, 3_600_000);
  if (!filing.allowed) {
    const seconds = Math.max(1, Math.ceil(filing.ttl / 1000));
    throw new AppError('TOO_MANY_FILINGS', { minutes: Math.ceil(seconds / 60) }, undefined, { 'Retry-After': String(seconds) });
  }
}
