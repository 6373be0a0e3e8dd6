/** A message to send on Telegram, as plain data: the telegram/ client turns it into Bot API calls. */
export type OutgoingButton = { text: string; url: string } | { text: string; callbackData: string };

export interface OutgoingMessage {
  text: string;
  /** Rows of inline buttons (empty = none). */
  buttons: OutgoingButton[][];
}

/** The chat is gone for us: the user blocked the bot, deleted their account, or never started it. */
export class ChatUnreachableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ChatUnreachableError';
  }
}

/** What the notification commands need from Telegram (implemented by telegram/TelegramClient). */
export interface TelegramSender {
  send(chatId: string, message: OutgoingMessage): Promise<string>;
  edit(chatId: string, messageId: string, message: OutgoingMessage): Promise<void>;
  username(): Promise<string>;
}
