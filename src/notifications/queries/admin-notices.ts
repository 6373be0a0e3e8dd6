/** Notices for admins (a technician who blocked the bot, a parked job): unread ones, and reading one. */
import type { Database } from '../../db/database';
import type { Clock } from '../../core/context';
import { listUnreadAdminNotices, markAdminNoticeRead, type AdminNotice } from '../notifications.repository';

export const unreadAdminNotices = (database: Database, limit = 50): Promise<AdminNotice[]> => listUnreadAdminNotices(database.db, limit);

export async function readAdminNotice(deps: { database: Database; clock: Clock }, id: number): Promise<void> {
  await markAdminNoticeRead(deps.database.db, id, deps.clock());
}
