/** Schemas of the metrics API (they also document it at /api/docs). */
import { Type } from '@sinclair/typebox';

export const RangeQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD (local day, inclusive) or ISO timestamp' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD (local day, inclusive) or ISO timestamp (exclusive)' })),
    office: Type.Optional(Type.String({ pattern: '^[0-9]{0,9}$', description: 'office id (empty = all)' })),
    category: Type.Optional(Type.String({ pattern: '^[0-9]{0,9}$', description: 'category id (empty = all)' })),
    lang: Type.Optional(Type.Union([Type.Literal('es'), Type.Literal('en')], { description: 'language of messages (and CSV headers)' })),
  },
  { additionalProperties: false },
);

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const Minutes = Type.Union([Type.Number(), Type.Null()]);

export const SummaryResponse = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time', description: 'exclusive' }),
  tickets: Type.Object({
    reported: Type.Integer(),
    resolved: Type.Integer(),
    cancelled: Type.Integer(),
    resolutionRate: Rate,
    avgResolutionMinutes: Minutes,
    avgResolutionBusinessMinutes: Type.Union([Type.Number(), Type.Null()], {
      description: 'the same registration → resolution span in business minutes of the institution’s calendar (stored at resolving; tickets resolved before it was stored are left out)',
    }),
    avgFirstResponseMinutes: Minutes,
    reopened: Type.Integer({ description: 'tickets reported in the period that the requester reopened; resolution rate and time count the final resolution' }),
    avgWaitingMinutes: Type.Union([Type.Number(), Type.Null()], { description: 'part of avgResolutionMinutes spent waiting for the requester (status waiting)' }),
    avgWorkingMinutes: Type.Union([Type.Number(), Type.Null()], { description: 'avgResolutionMinutes minus the waiting part' }),
    waitedTickets: Type.Integer({ description: 'resolved tickets that waited for the requester at least once' }),
  }),
  assistant: Type.Object({ interactions: Type.Integer(), answered: Type.Integer(), interactionRate: Rate }),
  notifications: Type.Object({
    sent: Type.Integer(),
    opened: Type.Integer(),
    openRate: Rate,
    avgResponseMinutes: Minutes,
    respondedTickets: Type.Integer(),
  }),
  satisfaction: Type.Object({ responses: Type.Integer(), score: Rate, average: Minutes }),
  sla: Type.Object(
    {
      measured: Type.Integer({ description: 'Tickets registered in the period with a target, not cancelled' }),
      firstResponseMet: Type.Integer(),
      firstResponseBreached: Type.Integer({ description: 'Answered late, or not answered by the period’s end (or now)' }),
      resolutionMet: Type.Integer(),
      resolutionBreached: Type.Integer(),
      firstResponseRate: Rate,
      resolutionRate: Rate,
    },
    { description: 'SLA compliance; rates are met ÷ (met + breached), tickets still within their due time are neither' },
  ),
  incidents: Type.Object(
    {
      declared: Type.Integer({ description: 'Major incidents declared in the period' }),
      resolved: Type.Integer({ description: 'Of those declared, resolved by now (even after the period)' }),
      avgDurationMinutes: Type.Union([Type.Number(), Type.Null()], { description: 'Mean minutes from declaration to resolution of the resolved ones' }),
      ticketsAbsorbed: Type.Integer({ description: 'Tickets that are children of those incidents now (linked by staff or joined at filing; an unlinked ticket is not counted)' }),
      filingsDeflected: Type.Integer({ description: 'Of the absorbed, the filings that joined an open incident at once (automatically or with "Sumarme") and never entered the queue' }),
    },
    {
      description:
        'Major incidents (issue 19), counted by the day they were declared. Their children stay ordinary tickets in `tickets` (and in the rollups and the monthly PDF): a child resolved with its incident counts as resolved, its resolution time running from its own registration to the incident’s resolution. Filters: `category` keeps the incidents of that category, `office` those listing the office or no office; the children counted also match the filters.',
    },
  ),
});
