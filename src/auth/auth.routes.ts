/** Staff sign-in API under `/api/v1`: login, logout, me, personal API tokens, password change. */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { ErrorResponse } from '../core/error-schema';
import { publicRateLimit } from '../core/rate-limits';
import { actorOf, requireStaff } from './guards';
import { logIn } from './commands/log-in';
import { logOut } from './commands/log-out';
import { createApiToken } from './commands/create-api-token';
import { revokeApiToken } from './commands/revoke-api-token';
import { changePassword } from './commands/change-password';
import { confirmTotpEnrolment, startTotpEnrolment } from './commands/totp-enrolment';
import { countUnusedRecoveryCodes } from './totp/totp.repository';
import { listApiTokens } from './api-tokens.repository';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './session-cookie';
import { isSecureSite } from './auth.plugin';
import { requireJsonBody, sameOriginGuard } from './same-origin';
import { ChangePasswordBody, CreatedTokenResponse, CreateTokenBody, IdParams, isoOrNull, LoginBody, LoginResponse, MeResponse, staffSecurity, TokenSummarySchema } from './auth.schemas';
import { Type } from '@sinclair/typebox';

const security = staffSecurity;

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const secure = isSecureSite(ctx.config.publicBaseUrl);
  const db = ctx.database.db;
  const requireSameOrigin = sameOriginGuard(ctx.config.publicBaseUrl);

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/auth/login',
    {
      config: { rateLimit: publicRateLimit(app) },
      // Before the body is read: JSON only (a cross-site form cannot send it) and from this site.
      onRequest: [requireSameOrigin, requireJsonBody],
      schema: {
        tags: ['staff'],
        summary: 'Iniciar sesión (cookie de sesión + token CSRF)',
        description:
          'Solo JSON (415 si no). Desde otro sitio web (`Sec-Fetch-Site` u `Origin` ajenos) se rechaza con 403 ORIGIN_REJECTED. Tras 5 intentos fallidos de un usuario desde una dirección en 15 minutos, se rechaza durante 15 minutos (429). Con LDAP configurado, los usuarios del directorio entran con su contraseña del directorio (503 DIRECTORY_UNAVAILABLE si no responde; las cuentas locales siguen entrando). Con segundo factor activado, se exige `totp` (401 TOTP_REQUIRED / TOTP_INVALID; 5 códigos errados bloquean 15 minutos, 429 TOTP_LOCKED).',
        body: LoginBody,
        response: { 200: LoginResponse, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const result = await logIn(
        { db, dialect: ctx.database.dialect, clock: ctx.clock, ldap: ctx.config.ldap, secretKey: ctx.config.secretKey },
        { ...request.body, ip: request.ip, previousSessionCookie: request.cookies?.[SESSION_COOKIE] ?? null },
      );
      setSessionCookie(reply, result.sessionCookie, secure);
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      preHandler: requireStaff,
      schema: { tags: ['staff'], summary: 'Cerrar la sesión', security, response: { 204: Type.Null(), '4xx': ErrorResponse } },
    },
    async (request, reply) => {
      await logOut({ db }, request.sessionId);
      clearSessionCookie(reply, secure);
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/me',
    {
      preHandler: requireStaff,
      schema: { tags: ['staff'], summary: 'Usuario actual y token CSRF', security, response: { 200: MeResponse, '4xx': ErrorResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      return { user: { id: actor.userId, username: actor.username, fullName: actor.fullName, role: actor.role }, csrfToken: request.csrfToken };
    },
  );

  app.post<{ Body: Static<typeof CreateTokenBody> }>(
    '/auth/tokens',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Crear un token personal de API (se muestra una sola vez)',
        security,
        body: CreateTokenBody,
        response: { 201: CreatedTokenResponse, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const created = await createApiToken({ db, dialect: ctx.database.dialect, clock: ctx.clock, actor: actorOf(request) }, request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/auth/tokens',
    {
      preHandler: requireStaff,
      schema: { tags: ['staff'], summary: 'Mis tokens de API (sin secretos)', security, response: { 200: Type.Array(TokenSummarySchema), '4xx': ErrorResponse } },
    },
    async (request) => {
      const tokens = await listApiTokens(db, actorOf(request).userId);
      return tokens.map((t) => ({ id: t.id, name: t.name, createdAt: new Date(t.createdAt).toISOString(), lastUsedAt: isoOrNull(t.lastUsedAt), revokedAt: isoOrNull(t.revokedAt) }));
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/auth/tokens/:id',
    {
      preHandler: requireStaff,
      schema: { tags: ['staff'], summary: 'Revocar un token de API', security, params: IdParams, response: { 204: Type.Null(), '4xx': ErrorResponse } },
    },
    async (request, reply) => {
      await revokeApiToken({ db, clock: ctx.clock, actor: actorOf(request) }, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Body: Static<typeof ChangePasswordBody> }>(
    '/me/password',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Cambiar mi contraseña (cierra mis otras sesiones; `revokeTokens: true` revoca también mis tokens de API)',
        security,
        body: ChangePasswordBody,
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await changePassword({ db, dialect: ctx.database.dialect, clock: ctx.clock, actor: actorOf(request), currentSessionId: request.sessionId, ip: request.ip }, request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    '/me/totp',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Estado de mi verificación en dos pasos',
        security,
        response: { 200: Type.Object({ enabled: Type.Boolean(), recoveryCodesLeft: Type.Integer() }), '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return { enabled: actor.totpEnabled === true, recoveryCodesLeft: await countUnusedRecoveryCodes(db, actor.userId) };
    },
  );

  app.post(
    '/me/totp',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Empezar a activar la verificación en dos pasos (TOTP): secreto y URL otpauth:// para el código QR',
        description: 'El secreto queda pendiente hasta confirmarlo con un código (`POST /me/totp/confirm`). 409 TOTP_ALREADY_ENROLLED si ya está activada.',
        security,
        response: { 200: Type.Object({ secret: Type.String(), otpauthUrl: Type.String() }), '4xx': ErrorResponse },
      },
    },
    async (request) => startTotpEnrolment({ db, clock: ctx.clock, actor: actorOf(request), secretKey: ctx.config.secretKey }),
  );

  app.post<{ Body: { code: string } }>(
    '/me/totp/confirm',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Confirmar la verificación en dos pasos con el primer código; devuelve diez códigos de recuperación (se muestran una sola vez)',
        security,
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }), '4xx': ErrorResponse },
      },
    },
    async (request) => confirmTotpEnrolment({ db, clock: ctx.clock, actor: actorOf(request), secretKey: ctx.config.secretKey }, request.body),
  );
}
