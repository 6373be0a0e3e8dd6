/**
 * `npm run doctor`: every check, in the order an administrator fixes things — settings, database
 * (connection, migrations, clock), disk, the directory (LDAP/AD), Telegram, the model endpoint. A check that cannot reach
 * its service reports it; none of them changes anything.
 */
import type { Config } from '../config/config';
import { checkDatabase } from './database-check';
import { checkDisk } from './disk-check';
import { checkLdap } from './ldap-check';
import { checkLlm } from './llm-check';
import { checkSecretKey } from './secret-key-check';
import { checkSettings } from './settings-check';
import { checkTelegram } from './telegram-check';
import type { CheckResult } from './report';

export async function runDoctor(config: Config): Promise<CheckResult[]> {
  const [database, ldap, telegram, llm] = await Promise.all([checkDatabase(config), checkLdap(config), checkTelegram(config), checkLlm(config)]);
  // After the database check: it reads the users table, so only once the database answers and is migrated.
  const secretKey = database.every((r) => r.status !== 'problem') ? await checkSecretKey(config) : [];
  return [...checkSettings(config), ...database, ...secretKey, ...checkDisk(config), ...ldap, ...telegram, ...llm];
}
