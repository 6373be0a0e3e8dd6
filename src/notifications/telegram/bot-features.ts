/**
 * What the bot understands, one grammY Composer per feature, installed in one place
 * (`installFeatures`). Updates reach them through the outbox (`telegram.update` jobs), never
 * directly from the webhook, so they run after the update was safely stored.
 */
import type { Bot, Composer } from 'grammy';
import { grammy } from './grammy';
import { isAssignCallback } from '../callback-data';
import type { NotificationDeps } from '../deps';
import { pressAssign } from '../commands/press-assign';
import { startFromChat, stopFromChat } from '../commands/telegram-link';
import { t } from '../../i18n';
import { isGrammyError } from './telegram-client';

/** `/start <token>` links a chat (technician) or follows a ticket (requester); `/desvincular` undoes it. */
function linking(deps: NotificationDeps): Composer<any> {
  const c = new (grammy().Composer)();
  const privateChats = c.chatType('private');
  privateChats.command('start', async (ctx) => {
    const answer = await startFromChat(deps, { chatId: String(ctx.chat.id), username: ctx.from?.username ?? null }, ctx.match.trim());
    await ctx.reply(answer);
  });
  privateChats.command(['desvincular', 'stop'], async (ctx) => {
    await ctx.reply(await stopFromChat(deps, String(ctx.chat.id)));
  });
  privateChats.on('message:text', async (ctx) => {
    await ctx.reply(t('es', 'tg.help'));
  });
  return c;
}

/** "Asignarme": assigns the ticket and answers the button press with the outcome. */
function assignButton(deps: NotificationDeps): Composer<any> {
  const c = new (grammy().Composer)();
  c.on('callback_query:data', async (ctx) => {
    const data = ctx.callbackQuery.data;
    if (!isAssignCallback(data)) return ctx.answerCallbackQuery();
    // The chat that pressed is the technician's private chat (its id is the user's id).
    const chatId = String(ctx.chat?.id ?? ctx.from.id);
    const text = await pressAssign(deps, { data, chatId });
    // Telegram shows at most 200 characters in a button's answer.
    await ctx.answerCallbackQuery({ text: text.slice(0, 200) }).catch((err: unknown) => {
      // Answered already (a retried job) or too late: the outcome is in the edited message anyway.
      if (!isGrammyError(err, 400)) throw err;
    });
  });
  return c;
}

export function installFeatures(bot: Bot, deps: NotificationDeps): void {
  bot.use(linking(deps), assignButton(deps));
}
