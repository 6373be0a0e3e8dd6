/**
 * `limit=1e309`, `id=Infinity` or a JSON `1e309` become ±Infinity once parsed and coerced, which
 * passes a bare integer schema and then failed in the SQL as a 500 (issue 13, finding 10). After
 * validation, any non-finite number left in the query, the path parameters or the body is a
 * 400 naming the field. The walk is linear in the (size-limited) input.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/errors';

function nonFiniteField(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || '_';
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const found = nonFiniteField(inner, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

export function registerFiniteNumbers(app: FastifyInstance): void {
  app.addHook('preHandler', (request, _reply, done) => {
    const inUrl = nonFiniteField(request.query, '', 0) ?? nonFiniteField(request.params, '', 0);
    if (inUrl) return done(new AppError('BAD_REQUEST', undefined, { [inUrl]: { key: 'field.invalid' } }));
    const inBody = nonFiniteField(request.body, '', 0);
    if (inBody) return done(new AppError('VALIDATION_FAILED', undefined, { [inBody]: { key: 'field.invalid' } }));
    done();
  });
}
