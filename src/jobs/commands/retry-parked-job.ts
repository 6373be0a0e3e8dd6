/** An admin's "Reintentar": a parked job runs again now, with a fresh count of attempts. */
import type { Database } from '../../db/database';
import type { Clock } from '../../core/context';
import { AppError } from '../../core/errors';
import { retryParkedJob } from '../jobs.repository';
import { dispatchAfterCommit } from '../after-commit';

export async function retryJob(deps: { database: Database; clock: Clock }, jobId: number): Promise<void> {
  if (!(await retryParkedJob(deps.database.db, jobId, deps.clock()))) throw new AppError('NOT_FOUND');
  dispatchAfterCommit(deps);
}
