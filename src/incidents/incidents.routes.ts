/**
 * Major incidents (issue 19): staff declare, link, unlink and resolve; `GET /incidents?status=open`
 * is public (no personal data, no ticket codes) for the portal's banner. Thin: schema → guard → command.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { actorOf, requireStaff } from '../auth/guards';
import { channelOf } from '../auth/actor';
import { ErrorResponse } from '../core/error-schema';
import { NOTE_MAX } from '../tickets/state-machine';
import { declareIncident, INCIDENT_MESSAGE_MAX, INCIDENT_TITLE_MAX, linkTickets, postIncidentUpdate, resolveIncident, unlinkTicket } from './commands/incidents';
import { listIncidents, type IncidentRow } from './incidents.repository';
import { currentSuggestions } from './commands/suggestions';

const security: { [label: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
const errors = { '4xx': ErrorResponse };
const Codes = Type.Array(Type.String({ maxLength: 40 }), { maxItems: 500 });

const DeclareBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: INCIDENT_TITLE_MAX }),
    publicMessage: Type.String({ minLength: 1, maxLength: INCIDENT_MESSAGE_MAX }),
    categoryId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    officeIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200 })),
    ticketCodes: Type.Optional(Codes),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const CodeParams = Type.Object({ id: Type.Integer({ minimum: 1 }), code: Type.String({ maxLength: 40 }) });
const LinkBody = Type.Object({ codes: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 500 }) }, { additionalProperties: false });
const ResolveBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: NOTE_MAX }) }, { additionalProperties: false });
const UpdateBody = Type.Object({ message: Type.String({ minLength: 1, maxLength: INCIDENT_MESSAGE_MAX }) }, { additionalProperties: false });
const PostedUpdate = Type.Object({ id: Type.Integer(), incidentId: Type.Integer(), message: Type.String(), at: Type.String() });
const ListQuery = Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])) });

const Incident = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  publicMessage: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
  since: Type.String(),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  categoryId: Type.Union([Type.Integer(), Type.Null()]),
  officeIds: Type.Array(Type.Integer()),
  ticketCount: Type.Integer(),
});

const SuggestionSchema = Type.Object({
  categoryId: Type.Integer(),
  officeIds: Type.Array(Type.Integer()),
  ticketCodes: Type.Array(Type.String()),
  since: Type.String(),
});

const present = (i: IncidentRow): Static<typeof Incident> => ({
  id: i.id,
  title: i.title,
  publicMessage: i.publicMessage,
  status: i.status,
  since: new Date(i.since).toISOString(),
  resolvedAt: i.resolvedAt === null ? null : new Date(i.resolvedAt).toISOString(),
  categoryId: i.categoryId,
  officeIds: i.officeIds,
  ticketCount: i.ticketCount,
});

export async function incidentRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = { database: ctx.database, clock: ctx.clock, events: ctx.events };

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Incidentes mayores (público: sin datos personales ni códigos de ticket)',
        querystring: ListQuery,
        response: { 200: Type.Array(Incident), ...errors },
      },
    },
    async (request) => (await listIncidents(ctx.database.db, request.query.status)).map(present),
  );

  app.get(
    '/incidents/suggestions',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['incidents'],
        summary: 'Posibles incidentes: tickets en espera, sin vincular, de una categoría dentro de la ventana',
        description:
          'INCIDENT_MIN_TICKETS (default 3) or more waiting, unlinked tickets of one category filed in the last INCIDENT_WINDOW_MINUTES (default 30), from one office or several; oldest first.',
        security,
        response: { 200: Type.Array(SuggestionSchema), ...errors },
      },
    },
    async () => (await currentSuggestions({ database: ctx.database, clock: ctx.clock, settings: ctx.config.incidentDetection })).map((s) => ({ ...s, since: new Date(s.since).toISOString() })),
  );

  app.post<{ Body: Static<typeof DeclareBody> }>(
    '/incidents',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['incidents'],
        summary: 'Declarar un incidente mayor: sus tickets salen de la cola FIFO y de «Tomar siguiente»',
        description: '422 naming the code when a ticket is unknown, closed or already linked to another open incident.',
        security,
        body: DeclareBody,
        response: { 201: Incident, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const b = request.body;
      const incident = await declareIncident(deps, {
        title: b.title,
        publicMessage: b.publicMessage,
        categoryId: b.categoryId ?? null,
        officeIds: b.officeIds,
        ticketCodes: b.ticketCodes,
        actorUserId: actor.userId,
        channel: channelOf(actor),
      });
      return reply.code(201).send(present(incident));
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof LinkBody> }>(
    '/incidents/:id/tickets',
    { preHandler: requireStaff, schema: { tags: ['incidents'], summary: 'Vincular tickets al incidente', security, params: IdParams, body: LinkBody, response: { 200: Incident, ...errors } } },
    async (request) => {
      const actor = actorOf(request);
      return present(await linkTickets(deps, { incidentId: request.params.id, codes: request.body.codes, actorUserId: actor.userId, channel: channelOf(actor) }));
    },
  );

  app.delete<{ Params: Static<typeof CodeParams> }>(
    '/incidents/:id/tickets/:code',
    {
      preHandler: requireStaff,
      schema: { tags: ['incidents'], summary: 'Desvincular un ticket: vuelve a la cola en su lugar original', security, params: CodeParams, response: { 200: Incident, ...errors } },
    },
    async (request) => {
      const actor = actorOf(request);
      return present(await unlinkTicket(deps, { incidentId: request.params.id, code: request.params.code, actorUserId: actor.userId, channel: channelOf(actor) }));
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateBody> }>(
    '/incidents/:id/updates',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['incidents'],
        summary: 'Publicar una novedad del incidente: se muestra en el seguimiento de sus tickets y llega a cada seguidor, una vez',
        description: '404 INCIDENT_NOT_FOUND; 409 INCIDENT_CLOSED when it is already resolved.',
        security,
        params: IdParams,
        body: UpdateBody,
        response: { 201: PostedUpdate, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const u = await postIncidentUpdate(deps, { incidentId: request.params.id, message: request.body.message, actorUserId: actor.userId });
      return reply.code(201).send({ id: u.id, incidentId: u.incidentId, message: u.message, at: new Date(u.at).toISOString() });
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ResolveBody> }>(
    '/incidents/:id/resolve',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['incidents'],
        summary: 'Resolver el incidente y cada ticket vinculado abierto con esa nota (se avisa a sus seguidores)',
        description: '409 INCIDENT_CLOSED when it is already resolved.',
        security,
        params: IdParams,
        body: ResolveBody,
        response: { 200: Type.Intersect([Incident, Type.Object({ resolvedTickets: Type.Integer() })]), ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const r = await resolveIncident(deps, { incidentId: request.params.id, note: request.body.note, actorUserId: actor.userId, channel: channelOf(actor) });
      return { ...present(r), resolvedTickets: r.resolvedTickets.length };
    },
  );
}
