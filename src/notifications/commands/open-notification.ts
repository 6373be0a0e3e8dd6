/** `/n/{token}`: the tracked link of a notification. The first opening is recorded. */
import type { NotificationDeps } from '../deps';
import { findNotificationByLinkToken, markOpened, ticketCodeById } from '../notifications.repository';

/** Where a suggested incident's notice (issue 19) leads: the queue, whose box offers to declare it. */
export const SUGGESTION_TARGET = '/staff/queue';

/** The ticket code to show (or, for a suggestion's notice, `SUGGESTION_TARGET`); null for an unknown token. */
export async function openNotification(deps: Pick<NotificationDeps, 'database' | 'clock'>, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const { db } = deps.database;
  const n = await findNotificationByLinkToken(db, token);
  if (!n) return null;
  await markOpened(db, n.id, 'link', deps.clock());
  if (n.kind === 'suggestion') return SUGGESTION_TARGET;
  return ticketCodeById(db, n.ticketId);
}
