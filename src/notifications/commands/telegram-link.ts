/**
 * Linking a Telegram chat. The profile page asks for a deep link `https://t.me/<bot>?start=<token>`
 * with a one-time token (15 minutes; only its SHA-256 is stored); `/start <token>` in the bot
 * links that chat to the technician. The tracking page does the same for a requester who wants
 * a ticket's status changes (kind `ticket`). Either side can unlink.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors';
import { t } from '../../i18n';
import type { NotificationDeps } from '../deps';
import { consumeLinkToken, findUserForTelegram, insertLinkToken, linkChat, subscribeChat, ticketCodeById, unlinkChat, unlinkUser, unsubscribeChat } from '../notifications.repository';

export const LINK_TOKEN_TTL_MS = 15 * 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Telegram's deep-link payload allows 1–64 of A-Z a-z 0-9 _ -. */
export const START_PAYLOAD_RE = /^[A-Za-z0-9_-]{1,64}$/;

async function deepLink(deps: NotificationDeps, token: string): Promise<string> {
  if (!deps.telegram) throw new AppError('TELEGRAM_DISABLED');
  let username: string;
  try {
    username = await deps.telegram.username();
  } catch {
    throw new AppError('TELEGRAM_DISABLED');
  }
  return `https://t.me/${username}?start=${token}`;
}

export async function createUserLink(deps: NotificationDeps, userId: number): Promise<{ url: string; expiresAt: number }> {
  if (!deps.telegram) throw new AppError('TELEGRAM_DISABLED');
  const token = randomBytes(24).toString('base64url');
  const url = await deepLink(deps, token);
  const now = deps.clock();
  const expiresAt = now + LINK_TOKEN_TTL_MS;
  await insertLinkToken(deps.database.db, { tokenHash: sha256(token), kind: 'user', userId, ticketId: null, expiresAt, now });
  return { url, expiresAt };
}

export async function createTicketFollowLink(deps: NotificationDeps, ticketId: number): Promise<string> {
  if (!deps.telegram) throw new AppError('TELEGRAM_DISABLED');
  const token = randomBytes(24).toString('base64url');
  const url = await deepLink(deps, token);
  const now = deps.clock();
  await insertLinkToken(deps.database.db, { tokenHash: sha256(token), kind: 'ticket', userId: null, ticketId, expiresAt: now + LINK_TOKEN_TTL_MS, now });
  return url;
}

export interface ChatIdentity {
  chatId: string;
  username: string | null;
}

/** `/start <payload>` from a chat; returns the bot's answer. */
export async function startFromChat(deps: NotificationDeps, chat: ChatIdentity, payload: string): Promise<string> {
  if (!START_PAYLOAD_RE.test(payload)) return t('es', 'tg.help');
  const { db, dialect } = deps.database;
  return db.transaction().execute(async (trx) => {
    const now = deps.clock();
    const token = await consumeLinkToken(trx, sha256(payload), now);
    if (!token) return t('es', 'tg.linkInvalid');
    if (token.kind === 'user' && token.userId !== null) {
      const user = await findUserForTelegram(trx, token.userId);
      if (!user || !user.active) return t('es', 'tg.linkInvalid');
      await linkChat(trx, user.userId, chat.chatId, chat.username, now);
      return t('es', 'tg.linked', { name: user.fullName.split(/\s+/)[0] ?? user.fullName });
    }
    if (token.kind === 'ticket' && token.ticketId !== null) {
      const code = await ticketCodeById(trx, token.ticketId);
      if (!code) return t('es', 'tg.linkInvalid');
      await subscribeChat(trx, dialect, token.ticketId, chat.chatId, now);
      // The full code reaches the chat: "Mis tickets" shows it masked (issue 13, finding 12).
      return t('es', 'tg.subscribed', { code, url: `${deps.config.publicBaseUrl}/t/${code}` });
    }
    return t('es', 'tg.linkInvalid');
  });
}

/** `/desvincular` (or `/stop`) from a chat: no more notices of any kind there. */
export async function stopFromChat(deps: NotificationDeps, chatId: string): Promise<string> {
  await deps.database.db.transaction().execute(async (trx) => {
    await unlinkChat(trx, chatId, deps.clock());
    await unsubscribeChat(trx, chatId);
  });
  return t('es', 'tg.unlinked');
}

/** "Desvincular Telegram" on the profile page. */
export async function unlinkFromWeb(deps: Pick<NotificationDeps, 'database' | 'clock'>, userId: number): Promise<void> {
  await unlinkUser(deps.database.db, userId, deps.clock());
}
