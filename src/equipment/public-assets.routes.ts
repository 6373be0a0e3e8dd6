/**
 * `GET /api/v1/directory/{dni}/assets`: the equipment the ticket form offers once the DNI has
 * found the person — what is in their custody, then the rest of their office's, active only.
 *
 * A DNI is no secret, so this must not become a way to map who holds which machine:
 * - it shares the DNI lookup's budget per address (`directoryRateLimit`, one `groupId`), so
 *   asking for a person's equipment costs the same as looking the person up, and the two
 *   together never allow more than the stated number of lookups;
 * - it answers codes and descriptions only (no brand, serial, custodian name or DNI); the one
 *   personal fact, `inCustody`, is about the DNI asked for, which the caller already has;
 * - at most `ASSET_CHOICES_MAX` entries, and the same refusals as the DNI lookup (400, 404, 403
 *   with no office this year), so it reveals nothing the lookup does not.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { directoryRateLimit } from '../core/rate-limits';
import { ErrorResponse } from '../core/error-schema';
import { lookupPerson } from '../directory/lookup-person';
import { listAssetChoices } from './assets.repository';

/** Enough for one office's machines; a person picks from a short list or types the code. */
export const ASSET_CHOICES_MAX = 50;

export const AssetChoiceSchema = Type.Object({
  code: Type.String(),
  description: Type.String(),
  inCustody: Type.Boolean({ description: 'A cargo de esta persona (si no, de su oficina)' }),
});

export async function publicAssetRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;

  app.get<{ Params: { dni: string } }>(
    '/directory/:dni/assets',
    {
      config: { rateLimit: directoryRateLimit(app) },
      schema: {
        tags: ['public'],
        summary: 'Equipos que el formulario ofrece a una persona (código y descripción)',
        description: 'Primero los que están a su cargo, luego los de su oficina; solo activos, a lo más 50. Comparte el límite de consultas por DNI; nunca nombra a los responsables.',
        params: Type.Object({ dni: Type.String({ maxLength: 40 }) }),
        response: { 200: Type.Array(AssetChoiceSchema), '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const person = await lookupPerson({ db: ctx.database.db, clock: ctx.clock, timeZone: ctx.config.timeZone }, request.params.dni);
      return listAssetChoices(ctx.database.db, person.staffId, person.office.id, ASSET_CHOICES_MAX);
    },
  );
}
