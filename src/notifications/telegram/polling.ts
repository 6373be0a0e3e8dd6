/**
 * Long polling (TELEGRAM_MODE=polling, the default): an on-premise server behind NAT still gets
 * button presses. Each update is stored and queued (`receiveUpdate`) before the next offset
 * confirms it to Telegram, so a crash loses nothing.
 *
 * Several processes may poll one bot (web + `npm run worker`, several web instances): Telegram
 * serves one getUpdates at a time and ends the waiting one with 409 "terminated by other getUpdates
 * request". The poller so ended leaves the webhook alone, waits (longer while it keeps happening,
 * up to `MAX_TURN_WAIT_MS`) and polls again; whichever process receives an update stores it, and
 * an update received twice is stored once (by its id). A 409 because a webhook is set means this
 * process must clear it first.
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

export interface PollingOptions {
  /** Wait after the first "terminated by other getUpdates request" (doubles while it repeats). */
  turnWaitMs?: number;
}

/** The longest a poller ended by another one waits before polling again. */
export const MAX_TURN_WAIT_MS = 60_000;

/** Telegram ended this getUpdates because another one (another process) started. */
function isTerminatedByOtherPoller(err: unknown): boolean {
  return err instanceof grammy().GrammyError && err.error_code === 409 && /terminated by other getUpdates/i.test(err.description);
}

export function startPolling(client: TelegramClient, deps: Pick<NotificationDeps, 'database' | 'clock'>, log: PollerLog, options: PollingOptions = {}): Poller {
  const abort = new AbortController();
  const turnWaitMs = options.turnWaitMs ?? 5_000;
  let failures = 0;
  let turnsLost = 0;
  let toldAboutOthers = false;
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
        turnsLost = 0;
      } catch (err) {
        if (abort.signal.aborted) break;
        if (isTerminatedByOtherPoller(err)) {
          // Not a failure: another process polls this bot now. Its turn; ours comes back.
          if (!toldAboutOthers) log.warn({}, 'otro proceso lee los mensajes de este bot de Telegram; se turnan (cada actualización se guarda una vez)');
          toldAboutOthers = true;
          turnsLost++;
          await pause(Math.min(MAX_TURN_WAIT_MS, turnWaitMs * 2 ** Math.min(turnsLost - 1, 10)));
          continue;
        }
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
