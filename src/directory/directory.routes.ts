import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { directoryRateLimit } from '../core/rate-limits';
import { ErrorResponse } from '../core/error-schema';
import { displayName } from './display-name';
import { lookupPerson } from './lookup-person';

export const DniParams = Type.Object({ dni: Type.String({ maxLength: 40 }) });

export async function directoryRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;

  app.get<{ Params: { dni: string } }>(
    '/directory/:dni',
    {
      config: { rateLimit: directoryRateLimit(app) },
      schema: {
        tags: ['public'],
        summary: 'Nombre (abreviado) y oficina de una persona por DNI',
        params: DniParams,
        response: {
          200: Type.Object({
            dni: Type.String(),
            displayName: Type.String(),
            office: Type.Object({ id: Type.Integer(), name: Type.String() }),
          }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (request) => {
      const person = await lookupPerson({ db: ctx.database.db, clock: ctx.clock, timeZone: ctx.config.timeZone }, request.params.dni);
      return { dni: person.dni, displayName: displayName(person.firstName, person.lastName), office: person.office };
    },
  );
}
