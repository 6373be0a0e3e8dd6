/** The outbox job types of housekeeping. */
import type { Database } from '../db/database';
import type { Clock } from '../core/context';
import type { HandlersOf, WorkerLog } from '../jobs/worker';
import { purgeOldRecords } from './purge-old-records';
import { PURGE_JOB } from './schedule-purge';
import { AttachmentStore } from '../attachments/attachment-store';

export function maintenanceJobHandlers(
  ctx: { database: Database; clock: Clock; config: { attachments: { dir: string }; personalDataRetentionYears: number } },
  log: WorkerLog,
): HandlersOf<typeof PURGE_JOB> {
  const deps = { database: ctx.database, clock: ctx.clock, attachments: new AttachmentStore(ctx.config.attachments.dir), personalDataRetentionYears: ctx.config.personalDataRetentionYears };
  return {
    [PURGE_JOB]: {
      // The database was busy or away: try again in a minute or so; tomorrow's purge catches up anyway.
      retry: { baseMs: 60_000, maxMs: 30 * 60_000 },
      run: async (_payload, job) => {
        const report = await purgeOldRecords(deps, { signal: job.signal });
        // A purge that found nothing says nothing: on a fresh start its line came right after the
        // start banner and pushed the admin password up (issue 16.14).
        const removed = Object.values(report).some((v) => typeof v === 'number' && v > 0);
        if (removed || !report.finished) log.info({ ...report }, 'limpieza diaria: registros antiguos eliminados');
      },
    },
  };
}
