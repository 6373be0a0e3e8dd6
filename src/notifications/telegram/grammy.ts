/**
 * grammY, loaded the first time a bot is built. Without TELEGRAM_BOT_TOKEN nothing here runs, and
 * a server that never talks to Telegram does not carry the library (~4 MB of heap, more resident
 * memory) — the same reason the database drivers are loaded only for the dialect in use.
 * The modules of this folder import grammY's types statically and its values through here.
 */
import { createRequire } from 'node:module';
import type * as Grammy from 'grammy';

const require = createRequire(import.meta.url);
let loaded: typeof Grammy | null = null;

export function grammy(): typeof Grammy {
  loaded ??= require('grammy') as typeof Grammy;
  return loaded;
}
