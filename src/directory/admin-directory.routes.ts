/** Admin API for offices, the staff directory and its CSV import (`/api/v1/admin/…`, admins only). */
import { recordDirectoryRead } from '../privacy/record-read';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse } from '../core/error-schema';
import { csvText, csvUploadSchema } from '../core/csv-upload';
import { actorOf, requireAdmin } from '../auth/guards';
import { staffSecurity as security } from '../auth/auth.schemas';
import { listOffices } from './offices.repository';
import { searchStaff } from './staff.repository';
import { createOffice } from './commands/create-office';
import { updateOffice } from './commands/update-office';
import { createStaffMember } from './commands/create-staff-member';
import { assignStaffOffice, updateStaffMember } from './commands/update-staff-member';
import { importStaff } from './commands/import-staff';
import { presentImportReport } from './import-report';
import { decodeStaffCursor, encodeStaffCursor } from './staff-cursor';
import {
  CreateOfficeBody,
  CreateStaffBody,
  ImportReportSchema,
  OfficeSchema,
  StaffMemberSchema,
  StaffOfficeBody,
  StaffOfficeParams,
  StaffPage,
  StaffQuery,
  UpdateOfficeBody,
  UpdateStaffBody,
} from './admin-directory.schemas';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** 100,000 directory rows are about 6 MB of CSV. */
export const CSV_BODY_LIMIT = 16 * 1024 * 1024;

export async function adminDirectoryRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock, timeZone: ctx.config.timeZone });
  // onRequest: refused before any body (a CSV upload can be large) is read.
  app.addHook('onRequest', requireAdmin);
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.get(
    '/admin/offices',
    { schema: { tags: ['admin'], summary: 'Oficinas (todas, con su oficina superior)', security, response: { 200: Type.Array(OfficeSchema), '4xx': ErrorResponse } } },
    async () => listOffices(ctx.database.db),
  );

  app.post<{ Body: Static<typeof CreateOfficeBody> }>(
    '/admin/offices',
    { schema: { tags: ['admin'], summary: 'Crear una oficina', security, body: CreateOfficeBody, response: { 201: OfficeSchema, '4xx': ErrorResponse } } },
    async (request, reply) => reply.status(201).send(await createOffice(deps(), request.body)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateOfficeBody> }>(
    '/admin/offices/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Cambiar una oficina (nombre, código, oficina superior, activa)',
        description: 'Las oficinas no se borran: se desactivan. Un ciclo en el árbol se rechaza con 422.',
        security,
        params: IdParams,
        body: UpdateOfficeBody,
        response: { 200: OfficeSchema, '4xx': ErrorResponse },
      },
    },
    async (request) => updateOffice(deps(), request.params.id, request.body),
  );

  app.get<{ Querystring: Static<typeof StaffQuery> }>(
    '/admin/staff',
    {
      schema: {
        tags: ['admin'],
        summary: 'Directorio del personal (búsqueda por DNI o nombre, paginado)',
        security,
        querystring: StaffQuery,
        response: { 200: StaffPage, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const page = await searchStaff(ctx.database.db, ctx.database.dialect, {
        q: request.query.q,
        after: decodeStaffCursor(request.query.cursor),
        limit: request.query.limit ?? 50,
      });
      await recordDirectoryRead(ctx.database.db, ctx.clock(), actorOf(request).userId, page.items);
      return { items: page.items, nextCursor: page.next ? encodeStaffCursor(page.next) : null };
    },
  );

  app.post<{ Body: Static<typeof CreateStaffBody> }>(
    '/admin/staff',
    { schema: { tags: ['admin'], summary: 'Agregar una persona al directorio', security, body: CreateStaffBody, response: { 201: StaffMemberSchema, '4xx': ErrorResponse } } },
    async (request, reply) => reply.status(201).send(await createStaffMember(deps(), request.body)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateStaffBody> }>(
    '/admin/staff/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Corregir o (des)activar a una persona',
        security,
        params: IdParams,
        body: UpdateStaffBody,
        response: { 200: StaffMemberSchema, '4xx': ErrorResponse },
      },
    },
    async (request) => updateStaffMember(deps(), request.params.id, request.body),
  );

  app.put<{ Params: Static<typeof StaffOfficeParams>; Body: Static<typeof StaffOfficeBody> }>(
    '/admin/staff/:id/offices/:year',
    {
      schema: {
        tags: ['admin'],
        summary: 'Oficina de una persona en un año',
        security,
        params: StaffOfficeParams,
        body: StaffOfficeBody,
        response: { 200: StaffMemberSchema, '4xx': ErrorResponse },
      },
    },
    async (request) => assignStaffOffice(deps(), request.params.id, request.params.year, request.body.officeId),
  );

  app.post<{ Body: string }>(
    '/admin/staff/import',
    {
      bodyLimit: CSV_BODY_LIMIT,
      schema: {
        tags: ['admin'],
        summary: 'Importar el directorio desde CSV (Content-Type: text/csv)',
        description:
          'Cabecera con las columnas `dni, nombres|first_name, apellidos|last_name, oficina|office, telefono|phone` (y opcionalmente `anio|year`); separador `;` o `,`. Las líneas con problemas se informan con su número (la cabecera es la línea 1) y no impiden importar las demás. Importar el mismo archivo otra vez no cambia nada.',
        security,
        ...csvUploadSchema('dni;nombres;apellidos;oficina;telefono\n45871236;María Elena;Huamán Quispe;Logística;987654321'),
        response: { 200: ImportReportSchema, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      return presentImportReport(request.locale, await importStaff(deps(), csvText(request.body)));
    },
  );
}
