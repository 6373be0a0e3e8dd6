/** The request side of a CSV import route (`Content-Type: text/csv`): its body as OpenAPI shows it, and the text. */
import { Type } from '@sinclair/typebox';
import { AppError } from './errors';

/** The `consumes` and `body` of the route's schema; `example` is the header row and one line. */
export function csvUploadSchema(example: string) {
  return {
    consumes: ['text/csv'],
    body: { content: { 'text/csv': { schema: Type.String({ description: 'El archivo CSV, con la fila de cabecera', examples: [example] }) } } },
  };
}

/** The uploaded CSV's text; a body of another type (JSON, a form) is 415 CSV_EXPECTED. */
export function csvText(body: unknown): string {
  if (typeof body !== 'string') throw new AppError('CSV_EXPECTED');
  return body;
}
