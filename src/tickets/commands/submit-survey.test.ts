import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/helpers/app';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/databases';
import { buildCategory, buildStaff } from '../../../test/helpers/factories';
import { AppError } from '../../core/errors';
import { generateTicketCode } from '../ticket-code';
import { insertTicketRow } from '../tickets.repository';
import { submitSurvey, surveyState } from './submit-survey';

describeEachDialect('submitSurvey', (dialect) => {
  let database: TestDatabase;
  const clock = () => Date.parse('2026-03-10T15:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.drop());

  async function ticket(status: 'registered' | 'resolved'): Promise<string> {
    const person = await buildStaff(database);
    const category = await buildCategory(database);
    const code = generateTicketCode();
    await insertTicketRow(database.db, database.dialect, {
      code,
      staffId: person.id,
      officeId: person.officeId!,
      categoryId: category.id,
      description: 'Sin impresora.',
      contactPhone: null,
      channel: 'portal',
      lane: 2,
      firstResponseDueAt: null,
      resolutionDueAt: null,
      now: clock(),
    });
    if (status === 'resolved') await database.db.updateTable('tickets').set({ status, resolved_at: clock() }).where('code', '=', code).execute();
    return code;
  }

  const codeOf = (err: unknown) => (err instanceof AppError ? err.code : String(err));

  it('stores one answer with the trimmed comment and reports it as the ticket’s survey state', async () => {
    const code = await ticket('resolved');
    expect((await surveyState(database.db, code))?.answer).toBeNull();
    const answer = await submitSurvey({ database, clock }, { code: code.toLowerCase(), score: 5, comment: '  Excelente  ' });
    expect(answer).toEqual({ score: 5, comment: 'Excelente', createdAt: clock() });
    expect((await surveyState(database.db, code))?.answer).toEqual({ score: 5, comment: 'Excelente', createdAt: clock() });
    await expect(submitSurvey({ database, clock }, { code, score: 2 })).rejects.toSatisfy((e) => codeOf(e) === 'SURVEY_ALREADY_ANSWERED');
  });

  it('refuses tickets not yet resolved, unknown codes and scores outside 1–5', async () => {
    const waiting = await ticket('registered');
    await expect(submitSurvey({ database, clock }, { code: waiting, score: 4 })).rejects.toSatisfy((e) => codeOf(e) === 'SURVEY_NOT_AVAILABLE');
    await expect(submitSurvey({ database, clock }, { code: 'TK-ZZZZZZZZ', score: 4 })).rejects.toSatisfy((e) => codeOf(e) === 'TICKET_NOT_FOUND');
    const resolved = await ticket('resolved');
    for (const score of [0, 6, 2.5, Number.NaN]) {
      await expect(submitSurvey({ database, clock }, { code: resolved, score })).rejects.toSatisfy((e) => codeOf(e) === 'VALIDATION_FAILED');
    }
    await expect(submitSurvey({ database, clock }, { code: resolved, score: 3, comment: 'x'.repeat(1001) })).rejects.toSatisfy((e) => codeOf(e) === 'VALIDATION_FAILED');
  });
});
