/**
 * Long polling (TELEGRAM_MODE=polling, the default): an on-premise server behind NAT still gets
 * button presses. Each update is stored and queued (`receiveUpdate`) before the next offset
 * confirms it to Telegram, so a crash loses nothing. Two pollers on one bot make Telegram answer
 * 409 to one of them; that one waits and tries again (run the worker in several instances freely).
 */
import { grammy } from './grammy';
import type { NotificationDeps } from '../deps';
import { receiveUpdate, type IncomingUpdate } from '../commands/receive-update';
import type { TelegramClient } from './telegram-client';

export interface Poller {
  stop(): Promise<void>;
}

export interface PollerLog {
  warn(obj: object, msg: string): void;
}

export function startPolling(client: TelegramClient, deps: Pick<NotificationDeps, 'database' | 'clock'>, log: PollerLog): Poller {
  const abort = new AbortController();
  let failures = 0;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  const loop = async () => {
    let offset: number | undefined;
    let webhookCleared = false;
    while (!abort.signal.aborted) {
      try {
        if (!webhookCleared) {
          await client.deleteWebhook();
          webhookCleared = true;
        }
        const updates = await client.getUpdates(offset, abort.signal);
        for (const update of updates) {
          await receiveUpdate(deps, update as unknown as IncomingUpdate);
          offset = update.update_id + 1;
        }
        failures = 0;
      } catch (err) {
        if (abort.signal.aborted) break;
        failures++;
        const { GrammyError } = grammy();
        const conflict = err instanceof GrammyError && err.error_code === 409;
        if (err instanceof GrammyError && err.error_code === 401) {
          log.warn({}, 'Telegram rechazó el token del bot (401): se detiene la lectura de mensajes');
          return;
        }
        if (failures === 1 || failures % 20 === 0) {
          log.warn({ err: err instanceof Error ? err.message : String(err), failures }, 'no se pudo leer mensajes de Telegram; se reintenta');
        }
        if (conflict) webhookCleared = false;
        await pause(conflict ? 5_000 : Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
      }
    }
  };
  const done = loop();
  return {
    async stop() {
      abort.abort();
      await done;
    },
  };
}
