/**
 * Background work of a process, a composition root beside `main.ts` and `worker.ts`: the outbox
 * worker with every area's job handlers, Telegram (long polling, or registering the webhook), the
 * reminder check and the daily purge check (`maintenance/`). `main.ts` starts it inside the web
 * process (IN_PROCESS_WORKER=1, the default); `worker.ts` runs it alone.
 */
import type { AppContext } from './core/context';
import { Worker, type WorkerLog, type WorkerOptions } from './jobs/worker';
import type { JobType } from './jobs/job-types';
import { t } from './i18n';
import { maintenanceJobHandlers } from './maintenance/job-handlers';
import { PURGE_CHECK_MS, startDailyPurge } from './maintenance/schedule-purge';
import { notificationJobHandlers } from './notifications/job-handlers';
import { withIncidentDetection } from './incidents/job-handlers';
import { announceSuggestion } from './notifications/commands/suggestion-notice';
import { notificationDeps, telegramClientOf } from './notifications/notification-deps';
import { insertAdminNotice } from './notifications/notifications.repository';
import { scheduleReminders } from './notifications/commands/schedule-reminders';
import { startPolling, type Poller } from './notifications/telegram/polling';
import { WEBHOOK_PATH } from './notifications/telegram/webhook.routes';

/** The job types of the application (tests add `test.*` types of their own). */
type ApplicationJobType = Exclude<JobType, `test.${string}`>;

export interface BackgroundOptions {
  /** Worker tuning (tests: short polls and backoff). */
  worker?: Partial<Omit<WorkerOptions, 'database' | 'clock' | 'handlers'>>;
  /** How often waiting tickets are checked for reminders (0 = never). */
  reminderCheckMs?: number;
  /** How often the daily purge job is checked for, after a check at start (0 = never). */
  purgeCheckMs?: number;
  log?: WorkerLog;
}

export interface Background {
  worker: Worker;
  stop(graceMs?: number): Promise<void>;
}

const silent: WorkerLog = { info() {}, warn() {}, error() {} };

/**
 * Every job type an area declares, with its handler (a missing one is a type error); a row of a type
 * this version does not know (written by another version) is parked at once by the worker.
 */
export function applicationJobHandlers(ctx: AppContext, log: WorkerLog = silent) {
  const deps = notificationDeps(ctx);
  const telegram = telegramClientOf(ctx);
  const notificationHandlers = notificationJobHandlers(deps, telegram);
  // A new ticket is first checked for a suggested major incident (issue 19), off the filing path.
  notificationHandlers['ticket.created'] = withIncidentDetection(notificationHandlers['ticket.created'], {
    database: ctx.database,
    clock: ctx.clock,
    settings: ctx.config.incidentDetection,
    announce: async (trx, s) => {
      await announceSuggestion(deps, trx, s);
    },
  });
  return { ...notificationHandlers, ...maintenanceJobHandlers(ctx, log) } satisfies Record<ApplicationJobType, unknown>;
}

export async function startBackground(ctx: AppContext, options: BackgroundOptions = {}): Promise<Background> {
  const log = options.log ?? silent;
  const deps = notificationDeps(ctx);
  const telegram = telegramClientOf(ctx);
  const handlers = applicationJobHandlers(ctx, log);
  const worker = new Worker({
    database: ctx.database,
    clock: ctx.clock,
    handlers,
    log,
    onParked: async (job, error) => {
      const message = t('es', 'notice.jobParked', { type: job.type, attempts: job.attempts, error: error.message.slice(0, 300) });
      await insertAdminNotice(ctx.database.db, 'job.parked', message, ctx.clock());
    },
    ...options.worker,
  });
  await worker.start();

  let poller: Poller | null = null;
  let webhookTimer: NodeJS.Timeout | undefined;
  if (telegram) {
    if (ctx.config.telegram.mode === 'polling') {
      poller = startPolling(telegram, deps, log);
    } else {
      const url = `${ctx.config.publicBaseUrl}${WEBHOOK_PATH}`;
      const register = async (attempt: number): Promise<void> => {
        try {
          await telegram.setWebhook(url, ctx.config.telegram.webhookSecret);
        } catch (err) {
          log.warn({ err: err instanceof Error ? err.message : String(err) }, 'no se pudo registrar el webhook de Telegram; se reintenta');
          webhookTimer = setTimeout(() => void register(attempt + 1), Math.min(60_000, 1000 * 2 ** attempt));
          webhookTimer.unref();
        }
      };
      await register(0);
    }
  }

  const reminderCheckMs = options.reminderCheckMs ?? 60_000;
  const reminders =
    reminderCheckMs > 0
      ? setInterval(() => {
          scheduleReminders(deps).catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'no se pudo revisar recordatorios'));
        }, reminderCheckMs)
      : undefined;
  reminders?.unref();

  const purgeCheckMs = options.purgeCheckMs ?? PURGE_CHECK_MS;
  const stopPurgeChecks = purgeCheckMs > 0 ? await startDailyPurge({ database: ctx.database, clock: ctx.clock, timeZone: ctx.config.timeZone }, { everyMs: purgeCheckMs, log }) : () => {};

  return {
    worker,
    async stop(graceMs = 5_000) {
      if (reminders) clearInterval(reminders);
      stopPurgeChecks();
      clearTimeout(webhookTimer);
      await poller?.stop();
      await worker.stop(graceMs);
    },
  };
}
