/**
 * A person's tickets by DNI (the portal's "Mis tickets"): a query of tickets that starts from the
 * directory, so it lives with the tickets and directory/ does not import tickets/ (issue 14).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { directoryRateLimit } from '../core/rate-limits';
import { ErrorResponse } from '../core/error-schema';
import { AppError } from '../core/errors';
import { localYear } from '../core/local-time';
import { isValidDni } from '../directory/dni';
import { findPersonByDni } from '../directory/directory.repository';
import { DniParams } from '../directory/directory.routes';
import { TicketStatusSchema } from './ticket.schemas';
import { listTicketsForStaff } from './tickets.repository';
import { maskTicketCode } from './ticket-code';

export async function personTicketsRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;

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
