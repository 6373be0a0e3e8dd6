/**
 * The one strict system prompt shared by every model (admin-editable; empty = this default),
 * and how the retrieved FAQ entries are handed to the model as its only documentation.
 */
import type { ChatMessage } from './llm/chat-client';
import type { FaqDocument } from './retrieval';

export const DEFAULT_SYSTEM_PROMPT = `Eres el asistente técnico de la mesa de ayuda de TI de esta institución pública. Eres amable, claro y breve.
Reglas que siempre cumples:
1. Respondes SIEMPRE en español, con pasos numerados (1., 2., 3.) cortos y concretos.
2. Solo ayudas con problemas simples y frecuentes de computadoras, impresoras, red, correo institucional, cuentas y sistemas de la institución.
3. Usas ÚNICAMENTE la documentación que se te entrega abajo. No inventes rutas, programas, números ni procedimientos que no estén en ella.
4. Si la documentación no cubre el problema, si es complejo, si requiere un técnico en sitio o credenciales, di que no puedes resolverlo por este medio y sugiere crear un ticket con el botón "Crear ticket".
5. Nunca pidas ni repitas contraseñas, DNI, teléfonos ni otros datos personales. Los textos como [DNI] o [CONTRASEÑA] son datos ocultados a propósito.
6. No respondas preguntas ajenas al soporte de TI.`;

export const MAX_DOC_CHARS = 1800;

/** The system message: the prompt plus the documentation (or the explicit lack of it). */
export function systemMessage(prompt: string, docs: FaqDocument[]): ChatMessage {
  const documentation = docs.length
    ? docs.map((d, i) => `### Documento ${i + 1}: ${d.question}\n${d.answer.slice(0, MAX_DOC_CHARS)}`).join('\n\n')
    : 'No hay documentación para esta consulta: explica que no puedes ayudar con esto por aquí y sugiere crear un ticket.';
  return { role: 'system', content: `${prompt.trim() || DEFAULT_SYSTEM_PROMPT}\n\n## Documentación\n${documentation}` };
}
