/**
 * `incident.news` (from incidents/): tickets were linked to a major incident, or staff posted a public
 * update on it. Every follower of those tickets (for an update: of every open child) gets one notice
 * per channel, written with the job's completion in one transaction — so a retried or concurrently
 * claimed job never doubles them, and a crash never loses them.
 */
import type { JobContext } from '../../jobs/worker';
import type { IncidentNewsPayload } from '../../incidents/commands/incidents';
import { openChildIds } from '../../incidents/incidents.repository';
import type { NotificationDeps } from '../deps';
import { notifyFollowers } from './notify-followers';

export async function onIncidentNews(deps: NotificationDeps, payload: IncidentNewsPayload, job: JobContext): Promise<number> {
  const { db } = deps.database;
  return db.transaction().execute(async (trx) => {
    const now = deps.clock();
    const ticketIds = payload.ticketIds ?? (await openChildIds(trx, payload.incidentId));
    const news = { kind: 'incident' as const, incidentId: payload.incidentId, ...(payload.updateId === undefined ? {} : { updateId: payload.updateId }) };
    let created = 0;
    for (const ticketId of ticketIds) created += await notifyFollowers(trx, deps, ticketId, news, now);
    await job.complete(trx);
    return created;
  });
}
