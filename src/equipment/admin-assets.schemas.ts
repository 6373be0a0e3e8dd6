/** TypeBox schemas of the admin equipment API; they validate requests and produce the OpenAPI document. */
import { Type } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const AssetSchema = Type.Object({
  code: Type.String({ description: 'Código patrimonial, solo dígitos', examples: ['740899500012'] }),
  description: Type.String(),
  brand: Nullable(Type.String()),
  model: Nullable(Type.String()),
  serial: Nullable(Type.String()),
  officeId: Type.Integer(),
  officeName: Type.String(),
  custodianDni: Nullable(Type.String()),
  custodianName: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const AssetTicketSchema = Type.Object({
  code: Type.String(),
  // The ticket's status as tickets/ names it (equipment/ sits below tickets/ and does not import it).
  status: Type.String({ description: 'registered, in_progress, resolved, cancelled…' }),
  category: Type.String(),
  description: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const AssetDetailSchema = Type.Intersect([AssetSchema, Type.Object({ tickets: Type.Array(AssetTicketSchema) })]);

export const AssetsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  office: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
  active: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const AssetsPage = Type.Object({ items: Type.Array(AssetSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });

const fields = {
  description: Type.String({ maxLength: 400 }),
  brand: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  model: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  serial: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  officeId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  custodianDni: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'DNI de una persona del directorio' }))),
  active: Type.Optional(Type.Boolean()),
};

export const CreateAssetBody = Type.Object({ code: Type.String({ maxLength: 80, description: 'Se ignoran espacios y guiones' }), ...fields }, { additionalProperties: false });

export const UpdateAssetBody = Type.Object(
  {
    description: Type.Optional(fields.description),
    brand: fields.brand,
    model: fields.model,
    serial: fields.serial,
    officeId: Type.Optional(fields.officeId),
    custodianDni: fields.custodianDni,
    active: fields.active,
  },
  { additionalProperties: false },
);

export const AssetCodeParams = Type.Object({ code: Type.String({ maxLength: 80 }) });

export const AssetImportReportSchema = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() })),
});

export const LabelsQuery = Type.Object({ office: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
