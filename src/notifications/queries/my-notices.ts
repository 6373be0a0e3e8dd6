/** A staff user's notices for the panel, and their Telegram link state for the profile page. */
import type { Database } from '../../db/database';
import { findUserForTelegram, listNoticesForUser, ticketIdForCode, type WebNotice } from '../notifications.repository';

export const myNotices = (database: Database, userId: number, limit = 50): Promise<WebNotice[]> => listNoticesForUser(database.db, userId, limit);

/** When the user's Telegram was linked, or null when it is not. */
export async function telegramLinkedAt(database: Database, userId: number): Promise<number | null> {
  const user = await findUserForTelegram(database.db, userId);
  return user?.chatId ? (user.linkedAt ?? 0) : null;
}

export const ticketIdOf = (database: Database, code: string): Promise<number | null> => ticketIdForCode(database.db, code);
