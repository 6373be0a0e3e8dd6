/**
 * Peru's national holidays (feriados nacionales: Decreto Legislativo 713 art. 6 and the laws that
 * added to it — the 7th of June, Batalla de Arica y Día de la Bandera, by Ley 31788, kept since 2024;
 * the 23rd of July, the 6th of August and the 9th of December). Jueves and Viernes Santo follow the
 * Gregorian computus. The calendar starts
 * with this year's and next year's; an admin adds regional and institutional days (and any day a
 * future law moves or adds) on the calendar page.
 */
import type { Holiday } from './business-calendar';

const FIXED: [month: number, day: number, name: string][] = [
  [1, 1, 'Año Nuevo'],
  [5, 1, 'Día del Trabajo'],
  [6, 7, 'Batalla de Arica y Día de la Bandera'],
  [6, 29, 'San Pedro y San Pablo'],
  [7, 23, 'Día de la Fuerza Aérea del Perú'],
  [7, 28, 'Fiestas Patrias'],
  [7, 29, 'Fiestas Patrias'],
  [8, 6, 'Batalla de Junín'],
  [8, 30, 'Santa Rosa de Lima'],
  [10, 8, 'Combate de Angamos'],
  [11, 1, 'Día de Todos los Santos'],
  [12, 8, 'Inmaculada Concepción'],
  [12, 9, 'Batalla de Ayacucho'],
  [12, 25, 'Navidad'],
];

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm), as [month, day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The national holidays of a year, in date order. */
export function peruNationalHolidays(year: number): Holiday[] {
  const [em, ed] = easterSunday(year);
  const easter = Date.UTC(year, em - 1, ed);
  const list: Holiday[] = FIXED.map(([m, d, name]) => ({ date: iso(Date.UTC(year, m - 1, d)), name }));
  list.push({ date: iso(easter - 3 * 86_400_000), name: 'Jueves Santo' }, { date: iso(easter - 2 * 86_400_000), name: 'Viernes Santo' });
  return list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}
