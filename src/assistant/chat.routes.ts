/** The public assistant API: `POST /chat` and `POST /chat/{interactionId}/feedback`. Rate limited. */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { publicRateLimit } from '../core/rate-limits';
import { ErrorResponse } from '../core/error-schema';
import { assistantState } from './assistant-state';
import { ChatBody, ChatResponse, FeedbackBody, FeedbackParams } from './chat.schemas';
import { answerChat } from './commands/answer-chat';
import { recordFeedback } from './commands/record-feedback';

export async function chatRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;

  app.post<{ Body: Static<typeof ChatBody> }>(
    '/chat',
    {
      bodyLimit: 64 * 1024,
      config: { rateLimit: publicRateLimit(app) },
      schema: {
        tags: ['public'],
        summary: 'Preguntar al asistente',
        description: 'Sin estado: el cliente envía la conversación. Se ocultan los datos personales antes de consultar al modelo; solo se guardan métricas.',
        body: ChatBody,
        response: { 200: ChatResponse, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const state = assistantState(ctx);
      return answerChat(
        {
          database: ctx.database,
          clock: ctx.clock,
          faqs: state.faqs,
          names: state.names,
          client: state.client,
          vectors: state.vectors,
          models: ctx.config.llm.models,
          timeoutMs: ctx.config.llm.timeoutMs,
          locale: request.locale,
        },
        request.body,
      );
    },
  );

  app.post<{ Params: Static<typeof FeedbackParams>; Body: Static<typeof FeedbackBody> }>(
    '/chat/:interactionId/feedback',
    {
      config: { rateLimit: publicRateLimit(app) },
      schema: {
        tags: ['public'],
        summary: '¿Le ayudó? (una vez por respuesta)',
        params: FeedbackParams,
        body: FeedbackBody,
        response: { '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await recordFeedback({ db: ctx.database.db, clock: ctx.clock }, request.params.interactionId, request.body.helpful);
      return reply.status(204).send();
    },
  );
}
