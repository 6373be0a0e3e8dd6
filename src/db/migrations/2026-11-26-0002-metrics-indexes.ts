/**
 * Covering indexes for the indicators (issue 6): the summary of a month on a million tickets
 * reads index entries only — tickets by registration time, their notifications by ticket,
 * assistant interactions and notifications by time — instead of visiting table rows.
 * Portable; re-runnable on MariaDB (no transactional DDL). Never imports application code.
 */
import { indexesMigration, type IndexDefinition } from '../schema-steps';

const INDEXES: IndexDefinition[] = [
  ['tickets_metrics_created_idx', 'tickets', ['created_at', 'status', 'resolved_at', 'first_action_at', 'office_id', 'category_id']],
  ['tickets_metrics_resolved_idx', 'tickets', ['resolved_at', 'status', 'created_at', 'office_id', 'category_id']],
  ['notifications_metrics_ticket_idx', 'notifications', ['ticket_id', 'status', 'user_id', 'created_at', 'sent_at', 'opened_at']],
  ['notifications_metrics_created_idx', 'notifications', ['created_at', 'status', 'user_id', 'opened_at', 'sent_at', 'ticket_id']],
  ['assistant_interactions_metrics_idx', 'assistant_interactions', ['created_at', 'source', 'escalated']],
];

export const { up, down } = indexesMigration(INDEXES);
