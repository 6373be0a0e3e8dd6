/**
 * Index for deleting Telegram link tokens by expiry: every "Seguir por Telegram" press adds an
 * anonymous row, and the daily purge deletes the expired ones (issue 13, finding 11) — without an
 * index, a full scan of a table an attacker could have grown. Portable; re-runnable on MariaDB
 * (no transactional DDL). Never imports application code.
 */
import { indexesMigration } from '../schema-steps';

export const { up, down } = indexesMigration([['link_tokens_expires_idx', 'link_tokens', ['expires_at']]]);
