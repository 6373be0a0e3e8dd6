/** "¿Le ayudó?": recorded once per interaction; the answer is a metric, never text. */
import type { Executor } from '../../db/database';
import type { Clock } from '../../core/context';
import { AppError } from '../../core/errors';
import { setInteractionFeedback } from '../interactions.repository';

export async function recordFeedback(deps: { db: Executor; clock: Clock }, interactionId: string, helpful: boolean): Promise<void> {
  const outcome = await setInteractionFeedback(deps.db, interactionId, helpful, deps.clock());
  if (outcome === 'unknown') throw new AppError('INTERACTION_NOT_FOUND');
  if (outcome === 'already') throw new AppError('FEEDBACK_ALREADY_GIVEN');
}
