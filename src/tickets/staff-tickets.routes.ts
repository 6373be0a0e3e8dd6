/**
 * The technicians' API: the FIFO queue (list, take next, live events), assignment, status
 * changes, the work log, the ticket search, the full staff view of a ticket, and the strict-FIFO
 * setting. Thin: schema → guard → command (policies inside) → presenter.
 *
 * The staff view of a ticket lives at `/staff/tickets/:code`: `/tickets/:code` stays the public
 * tracking answer (no DNI, no phone) whoever asks, so a cached or shared public response can
 * never carry personal data.
 */
import { recordDniSearch, recordTicketRead } from '../privacy/record-read';
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { actorOf, requireAdmin, requireStaff } from '../auth/guards';
import { channelOf } from '../auth/actor';
import { readSetting } from '../settings/settings';
import { ErrorResponse } from '../core/error-schema';
import {
  AssignBody,
  CodeParams,
  NoteBody,
  PriorityBody,
  QueueQuery,
  QueueResponse,
  QueueSettings,
  ReplyBody,
  StaffTicketResponse,
  TicketListQuery,
  TicketListResponse,
  TransitionBody,
} from './staff-tickets.schemas';
import { assignTicket } from './commands/assign-ticket';
import { takeNextTicket } from './commands/take-next-ticket';
import { transitionTicket } from './commands/transition-ticket';
import { changePriority } from './commands/change-priority';
import type { TicketPriority } from './priority';
import { addNote } from './commands/add-note';
import { replyToRequester } from './commands/reply-to-requester';
import { setStrictFifo } from './commands/set-strict-fifo';
import { listQueue } from './queries/list-queue';
import { searchTickets } from './queries/search-tickets';
import { listSlaStates } from './queries/list-due-states';
import { staffTicket, ticketCodeOrThrow } from './queries/staff-ticket';
import { presentListItem, presentStaffTicket, presentWaitingTicket } from './staff-presenters';
import { QueueWatcher } from './queue-watcher';
import { countWaitingTickets } from './ticket-lists.repository';
import { AttachmentStore } from '../attachments/attachment-store';
import { MAX_ATTACHMENTS } from '../attachments/attach-files';
import { prepareFiles } from '../attachments/prepare-file';

const security: { [label: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
const errors = { '4xx': ErrorResponse };

export async function staffTicketRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = { database: ctx.database, clock: ctx.clock, events: ctx.events };
  const store = new AttachmentStore(ctx.config.attachments.dir);
  const detail = async (code: string, userId: number) => {
    const view = await staffTicket(ctx.database.db, code);
    await recordTicketRead(ctx.database.db, ctx.clock(), userId, 'ticket_api', view.ticket);
    return presentStaffTicket(view, ctx.clock());
  };

  app.get<{ Querystring: Static<typeof QueueQuery> }>(
    '/queue',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Cola de espera: tickets registrados por carril (crítica, alta, normal, baja), el más antiguo primero en cada uno',
        security,
        querystring: QueueQuery,
        response: { 200: QueueResponse, ...errors },
      },
    },
    async (request) => {
      const db = ctx.database.db;
      const now = ctx.clock();
      const [page, waiting, strictFifo] = await Promise.all([listQueue(db, { ...request.query, now }), countWaitingTickets(db), readSetting(db, 'queue.strictFifo')]);
      return { items: page.items.map((t) => presentWaitingTicket(t, now)), nextCursor: page.nextCursor, waiting, strictFifo };
    },
  );

  app.post(
    '/queue/next',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Tomar siguiente: asigna al usuario el más antiguo del carril más alto con tickets en espera (204 si no hay)',
        description: 'Atómico: aunque muchos técnicos lo pidan a la vez, cada ticket va a uno solo y cada llamada asigna como mucho uno.',
        security,
        response: { 200: StaffTicketResponse, 204: { type: 'null', description: 'La cola está vacía' }, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const taken = await takeNextTicket(deps, { userId: actor.userId, channel: channelOf(actor) });
      if (!taken) return reply.status(204).send();
      return detail(taken.code, actor.userId);
    },
  );

  app.post<{ Params: Static<typeof CodeParams>; Body: Static<typeof AssignBody> }>(
    '/tickets/:code/assign',
    {
      preHandler: requireStaff,
      // `{userId?}` may be sent as no body at all: that is "assign it to me".
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        tags: ['staff'],
        summary: 'Asignar un ticket (a uno mismo; a otra persona solo un administrador)',
        description: '409 TICKET_TAKEN si otra persona ya lo tiene; 409 NOT_OLDEST con FIFO estricto si no es el primero de la cola (el más antiguo de la prioridad más alta).',
        security,
        params: CodeParams,
        body: AssignBody,
        response: { 200: StaffTicketResponse, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const code = ticketCodeOrThrow(request.params.code);
      await assignTicket(deps, {
        code,
        assigneeId: request.body.userId ?? actor.userId,
        actorUserId: actor.userId,
        actorRole: actor.role,
        channel: channelOf(actor),
      });
      return detail(code, actorOf(request).userId);
    },
  );

  app.post<{ Params: Static<typeof CodeParams>; Body: Static<typeof TransitionBody> }>(
    '/tickets/:code/transition',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Cambiar el estado: resolver, cancelar, liberar ("no logrado"), esperar al solicitante o retomar',
        description:
          '`waiting` (en espera del solicitante) desde «en atención», con nota; `in_progress` retoma un ticket en espera. 409 INVALID_TRANSITION si el estado actual no lo permite; 422 NOTE_REQUIRED sin nota; 403 si el ticket es de otra persona (salvo administradores).',
        security,
        params: CodeParams,
        body: TransitionBody,
        response: { 200: StaffTicketResponse, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const code = ticketCodeOrThrow(request.params.code);
      await transitionTicket(deps, { code, to: request.body.to, note: request.body.note, actorUserId: actor.userId, actorRole: actor.role, channel: channelOf(actor) });
      return detail(code, actorOf(request).userId);
    },
  );

  app.post<{ Params: Static<typeof CodeParams>; Body: Static<typeof PriorityBody> }>(
    '/tickets/:code/priority',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Cambiar la prioridad (crítica, alta, normal, baja), con una nota opcional',
        description:
          'El ticket pasa al carril de su nueva prioridad sin perder su antigüedad, y sus plazos (SLA) se recalculan. Queda en el historial (`priority_changed`). 422 con una prioridad desconocida; 409 PRIORITY_CLOSED_TICKET si el ticket está cerrado.',
        security,
        params: CodeParams,
        body: PriorityBody,
        response: { 200: StaffTicketResponse, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const code = ticketCodeOrThrow(request.params.code);
      await changePriority(deps, { code, priority: request.body.priority as TicketPriority, note: request.body.note, actorUserId: actor.userId, actorRole: actor.role, channel: channelOf(actor) });
      return detail(code, actor.userId);
    },
  );

  app.post<{ Params: Static<typeof CodeParams>; Body: Static<typeof NoteBody> }>(
    '/tickets/:code/notes',
    {
      preHandler: requireStaff,
      config: { uploads: { field: 'attachments', max: MAX_ATTACHMENTS, staffOnly: true } },
      schema: {
        tags: ['staff'],
        summary: 'Agregar una nota a la bitácora de trabajo del ticket',
        description:
          'JSON, o `multipart/form-data` con `text` y hasta 3 archivos `attachments`; en JSON, `attachmentIds` de `POST /attachments`. Los adjuntos de una nota son internos (solo personal).',
        security,
        params: CodeParams,
        body: NoteBody,
        response: { 201: StaffTicketResponse, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const code = ticketCodeOrThrow(request.params.code);
      const files = await prepareFiles(store, request.uploads, 'attachments', request.tempFiles);
      await addNote(
        { ...deps, store },
        { code, text: request.body.text, actorUserId: actor.userId, actorRole: actor.role, channel: channelOf(actor), attachments: { files, uploadIds: request.body.attachmentIds ?? [] } },
      );
      return reply.status(201).send(await detail(code, actorOf(request).userId));
    },
  );

  app.post<{ Params: Static<typeof CodeParams>; Body: Static<typeof ReplyBody> }>(
    '/tickets/:code/replies',
    {
      preHandler: requireStaff,
      config: { uploads: { field: 'attachments', max: MAX_ATTACHMENTS, staffOnly: true } },
      schema: {
        tags: ['staff'],
        summary: 'Responder al solicitante (mensaje público; con awaitReply el ticket pasa a «en espera del solicitante»)',
        description:
          'Lo ve el solicitante en la página de seguimiento y le llega a quien sigue el ticket (Telegram, correo). 409 INVALID_TRANSITION con awaitReply si el ticket no está en atención; 403 si no es suyo (salvo administradores); 409 TICKET_CLOSED si se cerró hace más de REOPEN_DAYS días.',
        security,
        params: CodeParams,
        body: ReplyBody,
        response: { 201: StaffTicketResponse, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const code = ticketCodeOrThrow(request.params.code);
      const files = await prepareFiles(store, request.uploads, 'attachments', request.tempFiles);
      await replyToRequester(
        { ...deps, store },
        {
          code,
          attachments: { files, uploadIds: request.body.attachmentIds ?? [] },
          text: request.body.text,
          awaitReply: request.body.awaitReply,
          actorUserId: actor.userId,
          actorRole: actor.role,
          channel: channelOf(actor),
          reopenDays: ctx.config.reopenDays,
        },
      );
      return reply.status(201).send(await detail(code, actorOf(request).userId));
    },
  );

  app.get<{ Querystring: Static<typeof TicketListQuery> }>(
    '/tickets',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Buscar tickets: estado, fechas, oficina, categoría, asignado y texto; el más reciente primero',
        security,
        querystring: TicketListQuery,
        response: { 200: TicketListResponse, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const page = await searchTickets(ctx.database, request.query, { timeZone: ctx.config.timeZone, actorUserId: actor.userId });
      await recordDniSearch(ctx.database.db, ctx.clock(), actor.userId, request.query.q);
      const now = ctx.clock();
      const states = await listSlaStates(ctx.database.db, page.items, now);
      return { items: page.items.map((t) => presentListItem(t, now, states.get(t.id)!)), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof CodeParams> }>(
    '/staff/tickets/:code',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Ticket completo para el personal: solicitante, DNI, teléfono, línea de tiempo y bitácora',
        security,
        params: CodeParams,
        response: { 200: StaffTicketResponse, ...errors },
      },
    },
    async (request) => detail(ticketCodeOrThrow(request.params.code), actorOf(request).userId),
  );

  app.get(
    '/admin/settings/queue',
    {
      preHandler: requireAdmin,
      schema: { tags: ['admin'], summary: 'Configuración de la cola', security, response: { 200: QueueSettings, ...errors } },
    },
    async () => ({ strictFifo: await readSetting(ctx.database.db, 'queue.strictFifo') }),
  );

  app.put<{ Body: Static<typeof QueueSettings> }>(
    '/admin/settings/queue',
    {
      preHandler: requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'Cambiar la configuración de la cola (FIFO estricto: solo se puede tomar el más antiguo)',
        security,
        body: QueueSettings,
        response: { 200: QueueSettings, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await setStrictFifo(deps, { strictFifo: request.body.strictFifo, actorUserId: actor.userId, actorRole: actor.role });
      return { strictFifo: request.body.strictFifo };
    },
  );

  registerQueueEvents(app, new QueueWatcher({ db: ctx.database.db, events: ctx.events }));
}

/** How often an idle stream sends a comment, so proxies keep it open. */
const HEARTBEAT_MS = 25_000;

/**
 * `GET /queue/events`: a text/event-stream that sends `event: queue` whenever the queue may have
 * changed (the page then fetches `/queue`). No ticket data goes through the stream.
 */
function registerQueueEvents(app: FastifyInstance, watcher: QueueWatcher): void {
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
    watcher.close();
  });

  app.get(
    '/queue/events',
    {
      preHandler: requireStaff,
      schema: {
        tags: ['staff'],
        summary: 'Eventos en vivo de la cola (text/event-stream): `event: queue` cuando llega o se toma un ticket',
        security,
        response: { '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      res.write('retry: 3000\n\n');
      let pending: NodeJS.Timeout | null = null;
      // Bursts (20 takes in a second) become one refresh.
      const unsubscribe = watcher.subscribe((reason) => {
        if (pending) return;
        pending = setTimeout(() => {
          pending = null;
          res.write(`event: queue\ndata: ${JSON.stringify({ reason })}\n\n`);
        }, 150);
      });
      const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const end = () => {
        if (!open.delete(end)) return;
        unsubscribe();
        clearInterval(heartbeat);
        if (pending) clearTimeout(pending);
        res.end();
      };
      open.add(end);
      request.raw.on('close', end);
    },
  );
}
