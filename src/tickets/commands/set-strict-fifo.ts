/** Turn strict FIFO on or off (admins): with it on, only the first ticket in queue order (the oldest of the highest lane) may be taken. */
import type { UserRole } from '../../db/schema';
import { AppError } from '../../core/errors';
import { writeSetting } from '../../settings/settings';
import { canChangeQueueSettings } from '../policy';
import type { TicketCommandDeps } from './ticket-change';

export async function setStrictFifo(deps: TicketCommandDeps, input: { strictFifo: boolean; actorUserId: number; actorRole: UserRole }): Promise<void> {
  if (!canChangeQueueSettings({ userId: input.actorUserId, role: input.actorRole })) throw new AppError('FORBIDDEN');
  await writeSetting(deps.database.db, deps.database.dialect, 'queue.strictFifo', input.strictFifo, deps.clock());
}
