/**
 * Admin API of the service levels (under /api/v1, admins only): the business calendar
 * (`GET|PUT /admin/calendar`) and the SLA targets (`GET|PUT /admin/sla`). A PUT replaces the whole
 * document, names every bad field in one 422, and recomputes the due instants of open tickets.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ErrorResponse } from '../core/error-schema';
import { actorOf, requireAdmin } from '../auth/guards';
import { staffSecurity as security } from '../auth/auth.schemas';
import { readCalendar, readTargets } from '../sla/sla-policy';
import type { BusinessCalendar, TimeRange } from '../sla/business-calendar';
import type { SlaTarget } from '../sla/sla-targets';
import { saveCalendar, saveTargets } from './commands/save-sla-policy';
import { PrioritySchema } from './staff-tickets.schemas';

// Shapes only: times, dates and overlaps are checked by the command, so one 422 names them all.
const Range = Type.Array(Type.String({ maxLength: 5 }), { minItems: 2, maxItems: 2, description: '["HH:MM","HH:MM"]; an end before the start runs over midnight; "24:00" allowed as an end' });
const DayRanges = Type.Optional(Type.Array(Range, { maxItems: 12 }));
export const CalendarSchema = Type.Object(
  {
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone, e.g. America/Lima' }),
    hours: Type.Object(
      { mon: DayRanges, tue: DayRanges, wed: DayRanges, thu: DayRanges, fri: DayRanges, sat: DayRanges, sun: DayRanges },
      { additionalProperties: false, description: 'Opening hours per weekday; a missing day is closed' },
    ),
    holidays: Type.Array(Type.Object({ date: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }), name: Type.String({ maxLength: 80 }) }, { additionalProperties: false }), { maxItems: 500 }),
  },
  { additionalProperties: false },
);

const TargetSchema = Type.Object(
  {
    priority: PrioritySchema,
    categoryId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'Only for this category (wins over the priority’s own target)' })),
    firstResponseMinutes: Type.Number({ description: 'Business minutes, whole, 1 to 527040' }),
    resolutionMinutes: Type.Number({ description: 'Business minutes, whole, 1 to 527040' }),
  },
  { additionalProperties: false },
);
export const TargetsSchema = Type.Object({ targets: Type.Array(TargetSchema, { maxItems: 200 }) }, { additionalProperties: false });
const TargetsResponse = Type.Object({
  targets: Type.Array(Type.Object({ priority: PrioritySchema, categoryId: Type.Union([Type.Integer(), Type.Null()]), firstResponseMinutes: Type.Integer(), resolutionMinutes: Type.Integer() })),
  recomputed: Type.Optional(Type.Integer({ description: 'Open tickets whose due times were recomputed' })),
});
const CalendarResponse = Type.Intersect([CalendarSchema, Type.Object({ recomputed: Type.Optional(Type.Integer()) })]);

export async function slaAdminRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = { database: ctx.database, clock: ctx.clock, events: ctx.events };
  app.addHook('onRequest', requireAdmin);
  const errors = { '4xx': ErrorResponse };

  app.get(
    '/admin/calendar',
    { schema: { tags: ['admin'], summary: 'Calendario laboral: zona horaria, horario por día y feriados', security, response: { 200: CalendarSchema, ...errors } } },
    async () => readCalendar(ctx.database.db, ctx.clock()),
  );

  app.put<{ Body: Static<typeof CalendarSchema> }>(
    '/admin/calendar',
    {
      schema: {
        tags: ['admin'],
        summary: 'Reemplazar el calendario laboral (recalcula los plazos de los tickets abiertos)',
        description:
          '422 VALIDATION_FAILED nombrando cada campo: hora no válida (`hours.mon.0`), rango vacío o superpuesto, fecha no válida o repetida (`holidays.3.date`), zona desconocida (`timeZone`).',
        security,
        body: CalendarSchema,
        response: { 200: CalendarResponse, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const body = request.body;
      const calendar: BusinessCalendar = { timeZone: body.timeZone, hours: body.hours as BusinessCalendar['hours'] & Record<string, TimeRange[]>, holidays: body.holidays };
      const saved = await saveCalendar(deps, { calendar, actorUserId: actor.userId, actorRole: actor.role });
      return { ...saved.calendar, recomputed: saved.recomputed };
    },
  );

  app.get(
    '/admin/sla',
    { schema: { tags: ['admin'], summary: 'Plazos (SLA) por prioridad y, opcionalmente, por categoría, en minutos hábiles', security, response: { 200: TargetsResponse, ...errors } } },
    async () => ({ targets: await readTargets(ctx.database.db) }),
  );

  app.put<{ Body: Static<typeof TargetsSchema> }>(
    '/admin/sla',
    {
      schema: {
        tags: ['admin'],
        summary: 'Reemplazar los plazos (recalcula los tickets abiertos)',
        description:
          '422 nombrando el campo: minutos negativos, cero, fraccionarios o de más de un año (`targets.0.resolutionMinutes`), primera respuesta después de la resolución, prioridad desconocida, prioridad repetida, categoría desconocida.',
        security,
        body: TargetsSchema,
        response: { 200: TargetsResponse, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const targets = request.body.targets as SlaTarget[];
      return saveTargets(deps, { targets, actorUserId: actor.userId, actorRole: actor.role });
    },
  );
}
