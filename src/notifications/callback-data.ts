/**
 * The "Asignarme" button's callback data: `a:<notificationId>:<mac>`, at most 64 bytes as
 * Telegram requires. The MAC (HMAC-SHA256, keyed by a secret derived from the bot token, over
 * the notification id and the chat it was sent to) makes it unforgeable: a client cannot press
 * a button it was never sent, nor replay another chat's button from its own chat.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const MAC_LENGTH = 16;

function keyFrom(botToken: string): Buffer {
  return createHash('sha256').update(`itims/telegram-callback/${botToken}`).digest();
}

function mac(botToken: string, notificationId: number, chatId: string): string {
  return createHmac('sha256', keyFrom(botToken)).update(`a:${notificationId}:${chatId}`).digest('base64url').slice(0, MAC_LENGTH);
}

export function assignCallbackData(botToken: string, notificationId: number, chatId: string): string {
  return `a:${notificationId}:${mac(botToken, notificationId, chatId)}`;
}

export const isAssignCallback = (data: string): boolean => data.startsWith('a:');

/** The notification id when the data is genuine for this chat, else null. */
export function verifyAssignCallback(botToken: string, data: string, chatId: string): number | null {
  const m = /^a:(\d{1,15}):([A-Za-z0-9_-]{16})$/.exec(data);
  if (!m) return null;
  const id = Number(m[1]);
  const expected = Buffer.from(mac(botToken, id, chatId));
  const given = Buffer.from(m[2] as string);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}
