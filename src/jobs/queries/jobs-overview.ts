/** What the jobs admin page shows: counts by status and the jobs that need a look. */
import type { Executor } from '../../db/database';
import type { JobStatus } from '../../db/schema';
import { countJobsByStatus, listOpenJobs, type JobListItem } from '../jobs.repository';

export interface JobsOverview {
  counts: Record<JobStatus, number>;
  jobs: JobListItem[];
}

export async function jobsOverview(db: Executor, limit = 200): Promise<JobsOverview> {
  const [counts, jobs] = await Promise.all([countJobsByStatus(db), listOpenJobs(db, limit)]);
  return { counts, jobs };
}
