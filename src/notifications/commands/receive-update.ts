/**
 * An update from Telegram (webhook or long polling) is remembered by its id and queued as a job
 * in one transaction; the job does the work. An id seen before is ignored (Telegram resends an
 * update when our answer was late), so nothing is done twice.
 */
import { enqueueJob } from '../../jobs/jobs.repository';
import { dispatchAfterCommit } from '../../jobs/after-commit';
import { JOB, type NotificationDeps } from '../deps';
import { rememberUpdate } from '../notifications.repository';

/** The part of a Telegram update this step needs (the whole object is stored in the job). */
export type IncomingUpdate = { update_id: number } & Record<string, unknown>;

type Loose = Record<string, any> | undefined;

/**
 * Only what the bot acts on is kept: ids, the chat, a command's text (a `/start` token), a button's
 * data. Anything else a person typed to the bot, and their name, is not stored.
 */
export function minimizeUpdate(update: IncomingUpdate): IncomingUpdate {
  const user = (u: Loose) => (u ? { id: u.id, is_bot: Boolean(u.is_bot), first_name: '-', ...(u.username ? { username: u.username } : {}) } : undefined);
  const chat = (c: Loose) => (c ? { id: c.id, type: c.type, ...(c.type === 'private' ? { first_name: '-' } : { title: '-' }) } : undefined);
  const out: IncomingUpdate = { update_id: update.update_id };
  const m = update.message as Loose;
  if (m) {
    const command = typeof m.text === 'string' && m.text.startsWith('/');
    out.message = {
      message_id: m.message_id,
      date: m.date,
      chat: chat(m.chat),
      ...(m.from ? { from: user(m.from) } : {}),
      text: command ? String(m.text).slice(0, 200) : '',
      ...(command && Array.isArray(m.entities) ? { entities: m.entities.filter((e: Loose) => e?.type === 'bot_command') } : {}),
    };
  }
  const q = update.callback_query as Loose;
  if (q) {
    out.callback_query = {
      id: q.id,
      from: user(q.from),
      chat_instance: q.chat_instance,
      ...(typeof q.data === 'string' ? { data: q.data } : {}),
      ...(q.message ? { message: { message_id: q.message.message_id, date: q.message.date, chat: chat(q.message.chat) } } : {}),
    };
  }
  return out;
}

export async function receiveUpdate(deps: Pick<NotificationDeps, 'database' | 'clock'>, update: IncomingUpdate): Promise<boolean> {
  const { db, dialect } = deps.database;
  const fresh = await db.transaction().execute(async (trx) => {
    const now = deps.clock();
    if (!(await rememberUpdate(trx, dialect, update.update_id, now))) return false;
    await enqueueJob(trx, dialect, { type: JOB.telegramUpdate, payload: { update: minimizeUpdate(update) }, runAt: now, maxAttempts: 10, dedupeKey: `telegram.update:${update.update_id}` }, now);
    return true;
  });
  if (fresh) dispatchAfterCommit(deps);
  return fresh;
}
