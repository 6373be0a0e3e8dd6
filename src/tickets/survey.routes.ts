/**
 * The satisfaction survey, public like the tracking page (the unguessable ticket code is the
 * key): `POST /api/v1/tickets/:code/survey` (JSON) and `POST /t/:code/encuesta` (the tracking
 * page's form, no JavaScript needed: it answers with a redirect back to the page). Rate limited.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../core/errors';
import { publicRateLimit } from '../core/rate-limits';
import { submitSurvey, SURVEY_COMMENT_MAX } from './commands/submit-survey';
import { normalizeTicketCode } from './ticket-code';
import { trackingPath } from './presenters';
import { ErrorResponse } from '../core/error-schema';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

const SurveyBody = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Type.Union([Type.String({ maxLength: SURVEY_COMMENT_MAX }), Type.Null()])),
  },
  { additionalProperties: false },
);

export async function surveyApiRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  app.post<{ Params: Static<typeof CodeParams>; Body: Static<typeof SurveyBody> }>(
    '/tickets/:code/survey',
    {
      config: { rateLimit: publicRateLimit(app) },
      schema: {
        tags: ['public'],
        summary: 'Encuesta de satisfacción de un ticket resuelto (1–5 y comentario opcional), una sola vez',
        params: CodeParams,
        body: SurveyBody,
        response: {
          201: Type.Object({ score: Type.Integer(), comment: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String({ format: 'date-time' }) }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const answer = await submitSurvey({ database: ctx.database, clock: ctx.clock }, { code: request.params.code, score: request.body.score, comment: request.body.comment ?? null });
      reply.status(201);
      return { score: answer.score, comment: answer.comment, createdAt: new Date(answer.createdAt).toISOString() };
    },
  );
}

/** Outcome of the form, read back by the survey component from `?encuesta=`. */
export type SurveyFormOutcome = 'gracias' | 'invalida' | 'repetida' | 'no-disponible';

const FormBody = Type.Object({ score: Type.Optional(Type.String({ maxLength: 2 })), comment: Type.Optional(Type.String({ maxLength: SURVEY_COMMENT_MAX * 2 })) }, { additionalProperties: true });

export async function surveyFormRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  app.post<{ Params: Static<typeof CodeParams>; Body: Static<typeof FormBody> }>(
    '/t/:code/encuesta',
    { schema: { hide: true, params: CodeParams, body: FormBody }, config: { rateLimit: publicRateLimit(app) } },
    async (request, reply) => {
      const code = normalizeTicketCode(request.params.code);
      if (!code) throw new AppError('TICKET_CODE_MALFORMED');
      const score = /^[1-5]$/.test(request.body.score ?? '') ? Number(request.body.score) : NaN;
      let outcome: SurveyFormOutcome = 'gracias';
      try {
        await submitSurvey({ database: ctx.database, clock: ctx.clock }, { code, score, comment: request.body.comment ?? null });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.code === 'TICKET_NOT_FOUND' || err.code === 'TICKET_CODE_MALFORMED') throw err;
        outcome = err.code === 'SURVEY_ALREADY_ANSWERED' ? 'repetida' : err.code === 'SURVEY_NOT_AVAILABLE' ? 'no-disponible' : 'invalida';
      }
      return reply.redirect(`${trackingPath(code)}?encuesta=${outcome}#encuesta`, 303);
    },
  );
}
