/**
 * The SLA policy in force: the business calendar and the targets, read from the settings (every
 * instance reads the same rows, so a change made on one holds on all at once). The compiled
 * calendar is kept while its stored text is unchanged, so its cache of open hours per day survives
 * between tickets.
 */
import type { DialectName, Executor } from '../db/database';
import { getSetting } from '../settings/settings.repository';
import { writeSetting } from '../settings/settings';
import { localYear } from '../core/local-time';
import { compileCalendar, type BusinessCalendar, type CompiledCalendar } from './business-calendar';
import { defaultCalendar, DEFAULT_SLA_TARGETS } from './calendar-defaults';
import type { SlaTarget } from './sla-targets';

export const DEFAULT_TIME_ZONE = 'America/Lima';

export interface SlaPolicy {
  calendar: CompiledCalendar;
  targets: SlaTarget[];
}

let compiledCache: { text: string; compiled: CompiledCalendar } | null = null;

function parse<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/** The calendar as stored, or the default one (Lima, this year's and next year's holidays). */
export async function readCalendar(db: Executor, now: number): Promise<BusinessCalendar> {
  return parse<BusinessCalendar>(await getSetting(db, 'sla.calendar')) ?? defaultCalendar(DEFAULT_TIME_ZONE, localYear(now, DEFAULT_TIME_ZONE));
}

export async function readTargets(db: Executor): Promise<SlaTarget[]> {
  return parse<SlaTarget[]>(await getSetting(db, 'sla.targets')) ?? DEFAULT_SLA_TARGETS;
}

export async function readSlaPolicy(db: Executor, now: number): Promise<SlaPolicy> {
  const [text, targets] = await Promise.all([getSetting(db, 'sla.calendar'), readTargets(db)]);
  if (text !== null && compiledCache?.text === text) return { calendar: compiledCache.compiled, targets };
  const calendar = parse<BusinessCalendar>(text) ?? defaultCalendar(DEFAULT_TIME_ZONE, localYear(now, DEFAULT_TIME_ZONE));
  const compiled = compileCalendar(calendar);
  if (text !== null) compiledCache = { text, compiled };
  return { calendar: compiled, targets };
}

/**
 * On first start, stores the default calendar in the institution's zone (TIME_ZONE) with this
 * year's and next year's national holidays, so the admin page shows them and they stay put.
 */
export async function ensureCalendar(db: Executor, dialect: DialectName, timeZone: string, now: number): Promise<void> {
  if ((await getSetting(db, 'sla.calendar')) !== null) return;
  await writeSetting(db, dialect, 'sla.calendar', defaultCalendar(timeZone, localYear(now, timeZone)), now);
}
