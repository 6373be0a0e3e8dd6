/** TypeBox schemas of the staff ticket API (requests, and responses so nothing extra leaks). */
import { Type } from '@sinclair/typebox';
import { ConversationSchema, TicketStatusSchema } from './ticket.schemas';
import { MAX_PAGE_SIZE } from './queries/cursor';
import { NOTE_MAX } from './state-machine';
import { AttachmentIdsField, AttachmentList } from '../attachments/attachments.schemas';
import { Nullable, StringEnum } from '../core/schema-types';

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Nullable(DateTime);
const Named = Type.Object({ id: Type.Integer(), name: Type.String() });
const ChannelSchema = Type.Union(['portal', 'web', 'telegram', 'api', 'system'].map((c) => Type.Literal(c)));
const EventTypeSchema = Type.Union(
  [
    'created',
    'assigned',
    'released',
    'resolved',
    'cancelled',
    'waiting',
    'resumed',
    'reopened',
    'note',
    'notified',
    'reminded',
    'priority_changed',
    'incident_joined',
    'incident_linked',
    'incident_unlinked',
  ].map((c) => Type.Literal(c)),
);

export const PrioritySchema = StringEnum(['critical', 'high', 'normal', 'low'] as const, {
  description: 'critical (crítica), high (alta), normal, low (baja)',
});

/** Service levels of a ticket: due instants on the business calendar and whether they were missed. */
export const SlaSchema = Type.Object({
  firstResponseDueAt: NullableDateTime,
  resolutionDueAt: Nullable(DateTime, { description: 'null while the clock is paused (waiting for the requester) or with no target' }),
  firstResponseBreached: Type.Boolean(),
  resolutionBreached: Type.Boolean(),
  paused: Type.Boolean({ description: 'The resolution clock stands still while the ticket waits for the requester' }),
});

export const PriorityBody = Type.Object(
  { priority: PrioritySchema, note: Type.Optional(Type.String({ maxLength: NOTE_MAX, description: 'Why (optional); kept in the timeline' })) },
  { additionalProperties: false },
);

export const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

export const TimelineEntrySchema = Type.Object({
  type: EventTypeSchema,
  from: Type.Union([TicketStatusSchema, Type.Null()]),
  to: Type.Union([TicketStatusSchema, Type.Null()]),
  actor: Nullable(Type.String(), { description: 'Full name of the staff user; null for the requester or the system' }),
  channel: ChannelSchema,
  note: Nullable(Type.String()),
  at: DateTime,
  /** A `priority_changed` entry: from which priority to which (null otherwise). */
  fromPriority: Nullable(PrioritySchema),
  toPriority: Nullable(PrioritySchema),
  /** Files that came with a note (internal, like the note). */
  attachments: AttachmentList,
});

/** The equipment named when filing (equipment/), with the machine's other tickets, newest first. */
const StaffTicketAssetSchema = Type.Union([
  Type.Object({
    code: Type.String(),
    description: Type.String(),
    brand: Nullable(Type.String()),
    model: Nullable(Type.String()),
    serial: Nullable(Type.String()),
    office: Type.String(),
    earlierTickets: Type.Array(Type.Object({ code: Type.String(), status: TicketStatusSchema, category: Type.String(), createdAt: DateTime })),
  }),
  Type.Null(),
]);

export const StaffTicketResponse = Type.Object({
  code: Type.String(),
  status: TicketStatusSchema,
  priority: PrioritySchema,
  sla: SlaSchema,
  category: Named,
  office: Named,
  description: Type.String(),
  channel: ChannelSchema,
  requester: Type.Object({
    fullName: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    dni: Type.String(),
    phone: Nullable(Type.String()),
  }),
  contactPhone: Nullable(Type.String()),
  assignee: Nullable(Type.Object({ id: Type.Integer(), fullName: Type.String() })),
  queuePosition: Nullable(Type.Integer()),
  queuedAt: DateTime,
  createdAt: DateTime,
  updatedAt: DateTime,
  firstActionAt: NullableDateTime,
  resolvedAt: NullableDateTime,
  closedAt: NullableDateTime,
  asset: StaffTicketAssetSchema,
  /** The files filed with the ticket; those of notes are on their work-log entries. */
  attachments: AttachmentList,
  timeline: Type.Array(TimelineEntrySchema),
  workLog: Type.Array(TimelineEntrySchema),
  conversation: ConversationSchema,
  waitingSince: Nullable(DateTime, { description: 'While `waiting`: since when it waits for the requester' }),
  waitedMinutes: Type.Integer({ description: 'Time of the earlier, finished waits for the requester' }),
});

export const ReplyBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: NOTE_MAX }),
    awaitReply: Type.Optional(Type.Boolean({ description: 'Wait for the answer: an in-progress ticket goes to `waiting` (its technician or an admin)' })),
    attachmentIds: AttachmentIdsField,
  },
  { additionalProperties: false },
);

const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `Page size (default 50, at most ${MAX_PAGE_SIZE})` }));
/** The language switch (`?lang=en`) may ride on any URL. */
const Lang = Type.Optional(Type.Union([Type.Literal('es'), Type.Literal('en')]));
const Cursor = Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' }));

const SlaClockSchema = StringEnum(['firstResponse', 'resolution'] as const, {
  description: 'Which due time slaState is about: the first response while nobody has acted on the ticket, the resolution once someone has (a ticket released back to the queue)',
});
const SlaStateSchema = StringEnum(['none', 'ok', 'warning', 'breached'] as const, {
  description:
    'The slaClock clock at the time of the answer: none (no target, paused while waiting, or the ticket is closed — sla says met or missed), ok, warning (75 % of the target in business minutes gone), breached',
});

export const QueueQuery = Type.Object({ cursor: Cursor, limit: Limit, lang: Lang }, { additionalProperties: false });

export const QueueResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      category: Type.String(),
      office: Type.String(),
      description: Type.String({ description: 'The first 160 characters' }),
      priority: PrioritySchema,
      sla: SlaSchema,
      slaClock: SlaClockSchema,
      slaState: SlaStateSchema,
      queuedAt: DateTime,
      createdAt: DateTime,
    }),
  ),
  nextCursor: Nullable(Type.String()),
  /** How many tickets wait in all (every page). */
  waiting: Type.Integer(),
  strictFifo: Type.Boolean(),
});

export const TicketListQuery = Type.Object(
  {
    status: Type.Optional(Type.String({ maxLength: 60, description: 'registered, in_progress, waiting, resolved, cancelled; several comma-separated' })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD (local, inclusive) or ISO timestamp' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD (local, inclusive) or ISO timestamp (exclusive)' })),
    office: Type.Optional(Type.String({ maxLength: 12, description: 'office id' })),
    category: Type.Optional(Type.String({ maxLength: 12, description: 'category id' })),
    assignee: Type.Optional(Type.String({ maxLength: 12, description: '`me` or a user id' })),
    priority: Type.Optional(Type.String({ maxLength: 40, description: 'critical, high, normal, low; several comma-separated' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in the description or code; an 8-digit DNI finds that person’s tickets' })),
    cursor: Cursor,
    limit: Limit,
    lang: Lang,
  },
  { additionalProperties: false },
);

export const TicketListResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      status: TicketStatusSchema,
      category: Type.String(),
      office: Type.String(),
      description: Type.String({ description: 'The first 160 characters' }),
      requester: Type.String(),
      assignee: Nullable(Type.String()),
      priority: PrioritySchema,
      sla: SlaSchema,
      slaClock: SlaClockSchema,
      slaState: SlaStateSchema,
      queuedAt: DateTime,
      createdAt: DateTime,
      updatedAt: DateTime,
    }),
  ),
  nextCursor: Nullable(Type.String()),
});

export const AssignBody = Type.Object(
  { userId: Type.Optional(Type.Integer({ minimum: 1, description: 'Assignee; yourself when absent (someone else: admins only)' })) },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    to: Type.Union([Type.Literal('resolved'), Type.Literal('cancelled'), Type.Literal('registered'), Type.Literal('waiting'), Type.Literal('in_progress')], {
      description: '`registered` releases the ticket back to the queue ("no logrado"), keeping its place; `waiting` waits for the requester (note required); `in_progress` resumes a waiting ticket',
    }),
    note: Type.Optional(Type.String({ maxLength: NOTE_MAX, description: 'Required (not blank) for every transition but resuming (`in_progress`)' })),
  },
  { additionalProperties: false },
);

export const NoteBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: NOTE_MAX }), attachmentIds: AttachmentIdsField }, { additionalProperties: false });

export const QueueSettings = Type.Object({ strictFifo: Type.Boolean() }, { additionalProperties: false });
