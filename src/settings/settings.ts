/**
 * The run-time settings, their defaults and parsing. Admin pages change them; commands read them.
 * Add a setting here (one entry) rather than scattering keys through the code.
 */
import type { DialectName, Executor } from '../db/database';
import { getSetting, setSetting } from './settings.repository';

export interface SettingDefinitions {
  /** Only the first ticket in queue order (the oldest of the highest priority lane) may be taken. */
  'queue.strictFifo': boolean;
  /** Who gets a new-ticket message: every on-duty technician, or the next one in turn. */
  'notifications.mode': 'all' | 'round_robin';
  /** Minutes a ticket may wait before it is sent again as a reminder (0 = never). */
  'notifications.reminderMinutes': number;
  /** The assistant's system prompt (empty = the built-in default). */
  'assistant.systemPrompt': string;
  /** The business calendar (sla/business-calendar.ts); null until first saved: the default calendar. */
  'sla.calendar': import('../sla/business-calendar').BusinessCalendar | null;
  /** SLA targets per priority (and category); null until first saved: the defaults. */
  'sla.targets': import('../sla/sla-targets').SlaTarget[] | null;
}

export const SETTING_DEFAULTS: SettingDefinitions = {
  'queue.strictFifo': false,
  'notifications.mode': 'all',
  'notifications.reminderMinutes': 15,
  'assistant.systemPrompt': '',
  'sla.calendar': null,
  'sla.targets': null,
};

export type SettingKey = keyof SettingDefinitions;

export async function readSetting<K extends SettingKey>(db: Executor, key: K): Promise<SettingDefinitions[K]> {
  const raw = await getSetting(db, key);
  if (raw === null) return SETTING_DEFAULTS[key];
  try {
    return JSON.parse(raw) as SettingDefinitions[K];
  } catch {
    return SETTING_DEFAULTS[key];
  }
}

export async function writeSetting<K extends SettingKey>(db: Executor, dialect: DialectName, key: K, value: SettingDefinitions[K], now: number): Promise<void> {
  await setSetting(db, dialect, key, JSON.stringify(value), now);
}
