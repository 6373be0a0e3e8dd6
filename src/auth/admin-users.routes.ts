/** Admin API for staff accounts (`/api/v1/admin/users`, admins only). */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse } from '../core/error-schema';
import { actorOf, requireAdmin } from './guards';
import { RoleSchema, staffSecurity as security } from './auth.schemas';
import { listUsers, type User } from './users.repository';
import { createUser } from './commands/create-user';
import { updateUser } from './commands/update-user';
import { resetPassword } from './commands/reset-password';
import { resetTotp } from './commands/reset-totp';

export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  fullName: Type.String(),
  role: RoleSchema,
  active: Type.Boolean(),
  onDuty: Type.Boolean(),
  telegramLinked: Type.Boolean(),
  authSource: Type.Union([Type.Literal('local'), Type.Literal('ldap')], { description: '`ldap`: entra con la contraseña del directorio (LDAP/AD)' }),
  totpEnabled: Type.Boolean({ description: 'Tiene activada la verificación en dos pasos' }),
  createdAt: Type.String({ format: 'date-time' }),
});
const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 60 }),
    password: Type.String({ minLength: 8, maxLength: 200 }),
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
    role: RoleSchema,
    onDuty: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const UpdateUserBody = Type.Object(
  {
    fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(RoleSchema),
    active: Type.Optional(Type.Boolean()),
    onDuty: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const ResetPasswordBody = Type.Object({ password: Type.String({ minLength: 8, maxLength: 200 }) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const present = (u: User) => ({ ...u, createdAt: new Date(u.createdAt).toISOString() });

export async function adminUserRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock });
  app.addHook('onRequest', requireAdmin);

  app.get('/admin/users', { schema: { tags: ['admin'], summary: 'Cuentas del personal', security, response: { 200: Type.Array(UserSchema), '4xx': ErrorResponse } } }, async () =>
    (await listUsers(ctx.database.db)).map(present),
  );

  app.post<{ Body: Static<typeof CreateUserBody> }>(
    '/admin/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Crear una cuenta (los técnicos quedan de turno salvo que se indique lo contrario)',
        security,
        body: CreateUserBody,
        response: { 201: UserSchema, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(present(await createUser(deps(), request.body))),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateUserBody> }>(
    '/admin/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Cambiar nombre, rol, estado o turno de una cuenta',
        description: 'Las cuentas no se borran: se desactivan. Siempre debe quedar un administrador activo (409).',
        security,
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserSchema, '4xx': ErrorResponse },
      },
    },
    async (request) => present(await updateUser({ ...deps(), actor: actorOf(request) }, request.params.id, request.body)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ResetPasswordBody> }>(
    '/admin/users/:id/password',
    {
      schema: {
        tags: ['admin'],
        summary: 'Restablecer la contraseña de una cuenta (cierra sus sesiones)',
        security,
        params: IdParams,
        body: ResetPasswordBody,
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await resetPassword({ db: ctx.database.db, clock: ctx.clock, actor: actorOf(request), currentSessionId: request.sessionId }, request.params.id, request.body.password);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/admin/users/:id/totp',
    {
      schema: {
        tags: ['admin'],
        summary: 'Quitar la verificación en dos pasos de una cuenta (teléfono perdido); queda registrado quién lo hizo',
        security,
        params: IdParams,
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await resetTotp({ db: ctx.database.db, clock: ctx.clock, actor: actorOf(request) }, request.params.id);
      return reply.status(204).send();
    },
  );
}
