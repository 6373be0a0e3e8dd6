/** `GET /api/v1/admin/access-log`: who read which requester's DNI or phone, and when (admins only). */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse } from '../core/error-schema';
import { requireAdmin } from '../auth/guards';
import { staffSecurity as security } from '../auth/auth.schemas';
import { readAccessLog } from './access-log-query';

export const AccessLogQuerySchema = Type.Object(
  {
    dni: Type.Optional(Type.String({ maxLength: 20, description: 'Lecturas de los datos de esta persona (8 dígitos)' })),
    userId: Type.Optional(Type.Integer({ minimum: 1, description: 'Lecturas hechas por este usuario' })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'AAAA-MM-DD (zona horaria configurada) o instante ISO' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'AAAA-MM-DD inclusive, o instante ISO' })),
    cursor: Type.Optional(Type.String({ maxLength: 20 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

const Entry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  user: Type.Object({ id: Type.Integer(), username: Type.String(), fullName: Type.String() }),
  kind: Type.Union(
    ['ticket_page', 'ticket_api', 'ticket_search', 'staff_directory', 'equipment', 'export'].map((k) => Type.Literal(k)),
    {
      description:
        'ticket_page (página del ticket), ticket_api (API del personal), ticket_search (búsqueda por DNI), staff_directory (directorio del personal), equipment (responsables de equipos, administración), export',
    },
  ),
  fields: Type.Array(Type.Union([Type.Literal('dni'), Type.Literal('phone')]), { description: 'Qué datos se mostraron (nunca su valor)' }),
  ticketCode: Type.Union([Type.String(), Type.Null()]),
  person: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
  people: Type.Integer({ description: 'Cuántas personas mostraba la lectura (una página del directorio)' }),
});

export async function accessLogRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  app.get<{ Querystring: Static<typeof AccessLogQuerySchema> }>(
    '/admin/access-log',
    {
      preHandler: requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'Registro de accesos a datos personales (DNI, teléfono) del solicitante: quién, cuándo, dónde; el más reciente primero',
        description: `Se guarda durante PERSONAL_DATA_RETENTION_YEARS años (por defecto 5).`,
        security,
        querystring: AccessLogQuerySchema,
        response: { 200: Type.Object({ items: Type.Array(Entry), nextCursor: Type.Union([Type.String(), Type.Null()]) }), '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const page = await readAccessLog({ db: ctx.database.db, timeZone: ctx.config.timeZone }, request.query);
      return { items: page.items.map((e) => ({ ...e, at: new Date(e.at).toISOString() })), nextCursor: page.nextCursor };
    },
  );
}
