/**
 * Indexes for deleting by age: failed sign-ins by time (a failed login deletes the day-old ones —
 * a full scan per failed login before, which an attacker's stream of failures made quadratic),
 * Telegram update ids by arrival and sessions by expiry (the daily purge and each login).
 * Portable; re-runnable on MariaDB (no transactional DDL). Never imports application code.
 */
import { indexesMigration, type IndexDefinition } from '../schema-steps';

const INDEXES: IndexDefinition[] = [
  ['login_attempts_at_idx', 'login_attempts', ['at']],
  ['telegram_updates_received_idx', 'telegram_updates', ['received_at']],
  ['sessions_expires_idx', 'sessions', ['expires_at']],
];

export const { up, down } = indexesMigration(INDEXES);
