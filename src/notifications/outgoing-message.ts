/** A message to send on Telegram, as plain data: the telegram/ client turns it into Bot API calls. */
export type OutgoingButton = { text: string; url: string } | { text: string; callbackData: string };

export interface OutgoingMessage {
  text: string;
  /** Rows of inline buttons (empty = none). */
  buttons: OutgoingButton[][];
}

/**
 * Why a chat refuses the bot for good: the user blocked it (or deleted their account), or never
 * started a conversation with this bot (Telegram lets a bot write only to users who did, e.g. after
 * the bot was replaced by another one with a new token).
 */
export type UnreachableKind = 'blocked' | 'never-started';

/** The chat is gone for us: the user blocked the bot, deleted their account, or never started it. */
export class ChatUnreachableError extends Error {
  constructor(
    readonly reason: string,
    readonly kind: UnreachableKind = 'blocked',
  ) {
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
