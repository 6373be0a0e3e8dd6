/** TypeBox schemas of the admin directory API (offices, staff, CSV import). */
import { Type } from '@sinclair/typebox';

export const OfficeSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  active: Type.Boolean(),
});

export const CreateOfficeBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    code: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    parentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const UpdateOfficeBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    code: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    parentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const StaffMemberSchema = Type.Object({
  id: Type.Integer(),
  dni: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  offices: Type.Array(Type.Object({ year: Type.Integer(), officeId: Type.Integer(), officeName: Type.String() })),
});

export const StaffQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const StaffPage = Type.Object({ items: Type.Array(StaffMemberSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });

const Year = Type.Integer({ minimum: 2000, maximum: 2100 });

export const CreateStaffBody = Type.Object(
  {
    dni: Type.String({ maxLength: 20 }),
    firstName: Type.String({ minLength: 1, maxLength: 120 }),
    lastName: Type.String({ minLength: 1, maxLength: 120 }),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
    officeId: Type.Integer({ minimum: 1 }),
    year: Type.Optional(Year),
  },
  { additionalProperties: false },
);

export const UpdateStaffBody = Type.Object(
  {
    firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const StaffOfficeParams = Type.Object({ id: Type.Integer({ minimum: 1 }), year: Year });
export const StaffOfficeBody = Type.Object({ officeId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const ImportReportSchema = Type.Object({
  year: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() })),
  officesCreated: Type.Array(Type.String()),
});
