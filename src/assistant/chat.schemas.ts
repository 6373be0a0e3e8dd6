/** TypeBox schemas of the public chat API (they also document it at /api/docs). */
import { Type } from '@sinclair/typebox';
import { MAX_USER_MESSAGE } from './commands/answer-chat';

/** The client may send a longer history than the model gets (the last 10 messages). */
export const MAX_MESSAGES = 40;

export const ChatBody = Type.Object(
  {
    messages: Type.Array(
      Type.Object(
        {
          role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]),
          // Assistant turns echo replies back (they may be longer); user turns are checked at 1,000.
          content: Type.String({ maxLength: 4000, description: `Mensajes del usuario: hasta ${MAX_USER_MESSAGE} caracteres` }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_MESSAGES },
    ),
  },
  { additionalProperties: false },
);

export const ChatResponse = Type.Object({
  reply: Type.String({ description: 'Markdown; el cliente lo muestra sin HTML' }),
  source: Type.Union([Type.Literal('llm'), Type.Literal('faq'), Type.Literal('none')]),
  interactionId: Type.String(),
  suggestTicket: Type.Boolean(),
  ticketDraft: Type.Optional(
    Type.Object({
      categoryId: Type.Optional(Type.Integer()),
      description: Type.String({ description: 'Resumen sin datos personales de lo que escribió la persona' }),
    }),
  ),
  incident: Type.Optional(
    Type.Object(
      { id: Type.Integer(), title: Type.String(), publicMessage: Type.String() },
      { description: 'Un incidente mayor abierto sobre lo que se pregunta (su categoría, o las palabras de su título): la respuesta lo menciona primero' },
    ),
  ),
});

export const FeedbackParams = Type.Object({ interactionId: Type.String({ minLength: 8, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' }) });
export const FeedbackBody = Type.Object({ helpful: Type.Boolean() }, { additionalProperties: false });
