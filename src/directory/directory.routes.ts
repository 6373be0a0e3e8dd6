import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { directoryRateLimit } from '../core/rate-limits';
import { ErrorResponse } from '../core/error-schema';
import { TicketStatusSchema } from '../tickets/ticket.schemas';
import { listTicketsForStaff } from '../tickets/tickets.repository';
import { maskTicketCode } from '../tickets/ticket-code';
import { displayName } from './display-name';
import { lookupPerson } from './lookup-person';
import { AppError } from '../core/errors';
import { isValidDni } from './dni';
import { findPersonByDni } from './directory.repository';
import { localYear } from '../core/local-time';

const DniParams = Type.Object({ dni: Type.String({ maxLength: 40 }) });

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

  app.get<{ Params: { dni: string } }>(
    '/directory/:dni/tickets',
    {
      config: { rateLimit: directoryRateLimit(app) },
      schema: {
        tags: ['public'],
        summary: 'Tickets de una persona (código oculto, categoría, estado y fechas)',
        description:
          'El DNI no es un secreto: el código se devuelve oculto (TK-7F3K••••) y no abre el ticket. Para consultarlo hace falta el código completo, que se muestra al registrarlo y llega por Telegram a quien lo sigue.',
        params: DniParams,
        response: {
          200: Type.Array(
            Type.Object({
              code: Type.String({ description: 'Código oculto, p. ej. TK-7F3K••••' }),
              category: Type.String(),
              status: TicketStatusSchema,
              createdAt: Type.String({ format: 'date-time' }),
              updatedAt: Type.String({ format: 'date-time' }),
            }),
          ),
          '4xx': ErrorResponse,
        },
      },
    },
    async (request) => {
      const { dni } = request.params;
      if (!isValidDni(dni)) throw new AppError('DNI_MALFORMED', undefined, { dni: { key: 'field.dni' } });
      // A person without an office this year may still follow their earlier tickets.
      const person = await findPersonByDni(ctx.database.db, dni, localYear(ctx.clock(), ctx.config.timeZone));
      if (!person) throw new AppError('DNI_UNKNOWN');
      const tickets = await listTicketsForStaff(ctx.database.db, person.staffId, 50);
      return tickets.map((t) => ({
        code: maskTicketCode(t.code),
        category: t.category,
        status: t.status,
        createdAt: new Date(t.createdAt).toISOString(),
        updatedAt: new Date(t.updatedAt).toISOString(),
      }));
    },
  );
}
