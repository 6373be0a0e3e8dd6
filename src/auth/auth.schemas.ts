/** TypeBox schemas of the staff sign-in API; they validate requests and produce the OpenAPI document. */
import { Type } from '@sinclair/typebox';

export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('technician')]);

export const SessionUserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  fullName: Type.String(),
  role: RoleSchema,
});

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 60 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    totp: Type.Optional(Type.String({ maxLength: 40, description: 'Segundo factor: código de 6 dígitos de la aplicación, o un código de recuperación (una sola vez).' })),
  },
  { additionalProperties: false },
);

export const LoginResponse = Type.Object({ user: SessionUserSchema, csrfToken: Type.String() });

export const MeResponse = Type.Object({
  user: SessionUserSchema,
  /** null when authenticated by a bearer token (no CSRF token needed). */
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

export const CreateTokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const CreatedTokenResponse = Type.Object({ id: Type.Integer(), name: Type.String(), token: Type.String() });

export const TokenSummarySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 8, maxLength: 200 }),
    /** Also revoke every personal API token (default: keep them). */
    revokeTokens: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** OpenAPI `security` of staff routes: the session cookie or a bearer token. */
export const staffSecurity: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];
