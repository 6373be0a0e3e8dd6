/**
 * An index on `staff.updated_at` (issue 15): the assistant reads the directory's fingerprint on every
 * question (so a name imported a moment ago is masked at once), and `max(updated_at)` without an index
 * read the whole table — ~80 ms a question at 100,000 people, the `/chat` p95 target being 20 ms. With
 * it, the fingerprint's maxima are index lookups.
 */
import { indexesMigration } from '../schema-steps';

export const { up, down } = indexesMigration([['staff_updated_idx', 'staff', ['updated_at']]]);
