/** The admin-editable system prompt (empty = the built-in default), and "retry this model now". */
import type { DialectName, Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import { AppError } from '../../core/errors';
import { writeSetting } from '../../settings/settings';
import { clearModelState } from '../llm/llm-models.repository';

export const SYSTEM_PROMPT_MAX = 8000;

export async function setSystemPrompt(deps: { db: Executor; dialect: DialectName; clock: Clock }, prompt: string): Promise<void> {
  const value = prompt.replace(/\r\n?/g, '\n').trim();
  if (value.length > SYSTEM_PROMPT_MAX) {
    throw new AppError('VALIDATION_FAILED', undefined, { prompt: { key: 'field.maxLength', params: { limit: SYSTEM_PROMPT_MAX } } });
  }
  await writeSetting(deps.db, deps.dialect, 'assistant.systemPrompt', value, deps.clock());
}

export async function resetSystemPrompt(deps: { db: Executor; dialect: DialectName; clock: Clock }): Promise<void> {
  await writeSetting(deps.db, deps.dialect, 'assistant.systemPrompt', '', deps.clock());
}

/** Lets a parked model be tried again on the next question. */
export async function retryModel(deps: { db: Executor; clock: Clock }, model: string): Promise<void> {
  await clearModelState(deps.db, model, deps.clock());
}
