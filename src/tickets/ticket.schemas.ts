/** TypeBox schemas of the public ticket API; they validate requests and produce the OpenAPI document. */
import { Type } from '@sinclair/typebox';
import { AttachmentIdsField, AttachmentList } from '../attachments/attachments.schemas';

export const TicketStatusSchema = Type.Union([Type.Literal('registered'), Type.Literal('in_progress'), Type.Literal('waiting'), Type.Literal('resolved'), Type.Literal('cancelled')]);

export const CreateTicketBody = Type.Object(
  {
    dni: Type.String({ description: 'DNI de 8 dígitos', examples: ['45871236'] }),
    categoryId: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    description: Type.String({ minLength: 10, maxLength: 4000 }),
    contactPhone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
    assetCode: Type.Optional(Type.Union([Type.String({ maxLength: 80, description: 'Código patrimonial del equipo (se ignoran espacios y guiones)', examples: ['740899500012'] }), Type.Null()])),
    attachmentIds: AttachmentIdsField,
    incidentId: Type.Optional(
      Type.Union([
        Type.Integer({ minimum: 1, maximum: 2147483647, description: '«Sumarme»: el incidente mayor abierto al que se suma (si ya se resolvió, se registra como cualquier ticket)' }),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);

/** The open major incident a ticket joined at filing: it is out of the queue and followed with the incident. */
export const FiledIncident = Type.Object({ id: Type.Integer(), title: Type.String(), publicMessage: Type.String() });

export const CreatedTicketResponse = Type.Object({
  code: Type.String(),
  status: Type.Literal('registered'),
  createdAt: Type.String({ format: 'date-time' }),
  trackingUrl: Type.String(),
  attachments: AttachmentList,
  /** Set when the ticket joined an open major incident at filing (null otherwise; absent in answers stored before incidents). */
  incident: Type.Optional(Type.Union([FiledIncident, Type.Null()])),
});

/** The conversation with the requester, oldest first; internal notes never appear here. */
export const ConversationSchema = Type.Array(
  Type.Object({
    id: Type.Integer(),
    from: Type.Union([Type.Literal('staff'), Type.Literal('requester')]),
    author: Type.Optional(Type.Object({ firstName: Type.String() })),
    text: Type.String(),
    at: Type.String({ format: 'date-time' }),
    attachments: AttachmentList,
  }),
);

export const MessageBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }), attachmentIds: AttachmentIdsField }, { additionalProperties: false });
export const ReopenBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });

export const PublicTicketResponse = Type.Object({
  code: Type.String(),
  status: TicketStatusSchema,
  category: Type.String(),
  office: Type.String(),
  description: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  queuePosition: Type.Union([Type.Integer(), Type.Null()]),
  assignee: Type.Union([Type.Object({ firstName: Type.String() }), Type.Null()]),
  timeline: Type.Array(
    Type.Object({
      status: TicketStatusSchema,
      at: Type.String({ format: 'date-time' }),
      note: Type.Optional(Type.String()),
      /** True when a technician released the ticket back to the queue (why stays internal). */
      returnedToQueue: Type.Optional(Type.Literal(true)),
      /** A major-incident line: joined at filing, linked by staff, or unlinked (back in the queue). */
      incident: Type.Optional(Type.Object({ title: Type.String(), change: Type.Union([Type.Literal('joined'), Type.Literal('linked'), Type.Literal('unlinked')]) })),
    }),
  ),
  attachments: AttachmentList,
  conversation: ConversationSchema,
  /** Until when the requester may still answer (and, when resolved, reopen); null while open. */
  answerableUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** The major incident it is a child of (its public message and updates), or null. */
  incident: Type.Union([
    Type.Object({
      title: Type.String(),
      publicMessage: Type.String(),
      status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
      since: Type.String({ format: 'date-time' }),
      resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      updates: Type.Array(Type.Object({ message: Type.String(), at: Type.String({ format: 'date-time' }) })),
    }),
    Type.Null(),
  ]),
});
