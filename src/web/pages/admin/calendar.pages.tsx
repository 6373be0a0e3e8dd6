/**
 * `/staff/admin/calendar`: the business calendar (time zone, opening hours per day, holidays) and
 * the SLA targets per priority, as two no-JavaScript forms over the same commands as
 * `PUT /admin/calendar` and `PUT /admin/sla`. Every bad field is named at once, beside its input;
 * a saved change recomputes the due times of open tickets and says how many.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin } from '../../../auth/guards';
import { AppError } from '../../../core/errors';
import { DAY_KEYS, type BusinessCalendar, type DayKey, type TimeRange } from '../../../sla/business-calendar';
import { readCalendar, readTargets } from '../../../sla/sla-policy';
import type { SlaTarget } from '../../../sla/sla-targets';
import { saveCalendar, saveTargets } from '../../../tickets/commands/save-sla-policy';
import { PRIORITIES } from '../../../tickets/priority';
import type { TicketPriority } from '../../../db/schema';
import { sendPage } from '../../render';
import { StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { attempt, formField } from '../../staff-forms';
import { FormCard, Notice, TextAreaField, TextField, type FormErrorsMap, type FormValues } from './admin-components';

const BASE = '/staff/admin/calendar';

/** "08:00-13:00, 14:00-16:45" → ranges; a piece without one "-" keeps its text so the command names the day. */
export function parseRanges(text: string): TimeRange[] {
  return text
    .split(',')
    .map((piece) => piece.trim())
    .filter(Boolean)
    .map((piece) => {
      const parts = piece.split('-').map((p) => p.trim());
      return parts.length === 2 ? [parts[0]!, parts[1]!] : [piece, ''];
    });
}

/** One holiday per line, "YYYY-MM-DD Name"; blank lines are skipped. */
export function parseHolidays(text: string): BusinessCalendar['holidays'] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const space = line.search(/\s/);
      return space < 0 ? { date: line, name: '' } : { date: line.slice(0, space), name: line.slice(space + 1).trim() };
    });
}

const rangesText = (ranges: readonly TimeRange[] | undefined) => (ranges ?? []).map(([a, b]) => `${a}-${b}`).join(', ');
const holidaysText = (holidays: BusinessCalendar['holidays']) => holidays.map((h) => `${h.date} ${h.name}`).join('\n');

function calendarValues(calendar: BusinessCalendar): FormValues {
  const values: FormValues = { timeZone: calendar.timeZone, holidays: holidaysText(calendar.holidays) };
  for (const day of DAY_KEYS) values[`hours-${day}`] = rangesText(calendar.hours[day]);
  return values;
}

function targetValues(targets: SlaTarget[]): FormValues {
  const values: FormValues = {};
  for (const t of targets.filter((x) => x.categoryId === null)) {
    values[`fr-${t.priority}`] = String(t.firstResponseMinutes);
    values[`res-${t.priority}`] = String(t.resolutionMinutes);
  }
  return values;
}

/**
 * The command's field paths (hours.mon.0, holidays.3.date) → this page's inputs. The command
 * numbers holidays in date order (how it stores them), so a holiday's error quotes its line.
 */
function calendarErrors(page: StaffPageContext, fields: Record<string, string>, holidays: BusinessCalendar['holidays']): Record<string, string> {
  const inDateOrder = holidays
    .map((h) => `${h.date.trim()} ${h.name.trim()}`.trim())
    .sort((a, b) => {
      const [da, db] = [a.split(' ')[0]!, b.split(' ')[0]!];
      return da < db ? -1 : da > db ? 1 : 0;
    });
  const errors: Record<string, string> = {};
  const add = (key: string, message: string) => {
    if (!errors[key]?.includes(message)) errors[key] = errors[key] ? `${errors[key]} ${message}` : message;
  };
  for (const [path, message] of Object.entries(fields)) {
    const hours = /^hours\.(\w+)\./.exec(path);
    const holiday = /^holidays\.(\d+)\./.exec(path);
    if (hours) add(`hours-${hours[1]}`, message);
    else if (holiday) add('holidays', page.t('admin.calendar.holidayLine', { line: inDateOrder[Number(holiday[1])] ?? '', message }));
    else add(path === 'timeZone' ? 'timeZone' : '_', message);
  }
  return errors;
}

export async function calendarAdminPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = { database: ctx.database, clock: ctx.clock, events: ctx.events };

  interface State {
    calendar?: { values: FormValues; errors?: FormErrorsMap };
    targets?: { values: FormValues; errors?: FormErrorsMap };
    notice?: string;
  }

  async function render(request: FastifyRequest, reply: FastifyReply, state: State = {}, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const db = ctx.database.db;
    const [calendar, targets] = await Promise.all([readCalendar(db, ctx.clock()), readTargets(db)]);
    const cal = state.calendar?.values ?? calendarValues(calendar);
    const tv = state.targets?.values ?? targetValues(targets);
    const calLabels: Record<string, string> = { timeZone: t('admin.calendar.timeZone'), holidays: t('admin.calendar.holidays') };
    for (const day of DAY_KEYS) calLabels[`hours-${day}`] = t(`day.${day}`);
    const targetLabels: Record<string, string> = {};
    for (const p of PRIORITIES) {
      targetLabels[`fr-${p}`] = `${t(`priority.${p}`)} — ${t('sla.firstResponse')}`;
      targetLabels[`res-${p}`] = `${t(`priority.${p}`)} — ${t('sla.resolution')}`;
    }
    const perCategory = targets.filter((x) => x.categoryId !== null).length;
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.calendar.title')}>
        <h1 class="h3">{t('admin.calendar.title')}</h1>
        <p class="text-secondary">{t('admin.calendar.intro')}</p>
        <Notice message={state.notice} />
        <FormCard page={page} id="calendar-form" title={t('admin.calendar.hours')} action={BASE} errors={state.calendar?.errors} labels={calLabels} submit={t('admin.calendar.save')}>
          <TextField id="timeZone" label={calLabels.timeZone!} value={cal.timeZone} errors={state.calendar?.errors} required maxLength={64} class="col-12 col-md-4" />
          <div class="col-12 form-text mt-3" id="hours-help">
            {t('admin.calendar.hoursHelp')}
          </div>
          {DAY_KEYS.map((day: DayKey) => (
            <TextField id={`hours-${day}`} label={calLabels[`hours-${day}`]!} value={cal[`hours-${day}`]} errors={state.calendar?.errors} maxLength={200} class="col-12 col-md-6 col-xl-4" />
          ))}
          <div class="col-12">
            <TextAreaField
              id="holidays"
              label={calLabels.holidays!}
              value={cal.holidays}
              rows={10}
              maxLength={40000}
              help={t('admin.calendar.holidaysHelp')}
              error={state.calendar?.errors?.holidays}
              class="font-monospace"
            />
          </div>
        </FormCard>
        <FormCard
          page={page}
          id="targets-form"
          title={t('admin.calendar.targets')}
          action={`${BASE}/targets`}
          errors={state.targets?.errors}
          labels={targetLabels}
          submit={t('admin.calendar.saveTargets')}
          intro={<p class="text-secondary small">{t('admin.calendar.targetsHelp', { count: perCategory })}</p>}
        >
          {PRIORITIES.map((p: TicketPriority) => (
            <fieldset class="col-12 row g-2 m-0">
              <legend class="h6 mb-0 pt-2">{t(`priority.${p}`)}</legend>
              <TextField id={`fr-${p}`} label={t('sla.firstResponse')} value={tv[`fr-${p}`]} errors={state.targets?.errors} inputMode="numeric" maxLength={6} class="col-6 col-md-3" />
              <TextField id={`res-${p}`} label={t('sla.resolution')} value={tv[`res-${p}`]} errors={state.targets?.errors} inputMode="numeric" maxLength={6} class="col-6 col-md-3" />
            </fieldset>
          ))}
        </FormCard>
      </StaffLayout>,
      status,
    );
  }

  app.get<{ Querystring: { done?: string; count?: string } }>(BASE, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const { t } = staffPageContext(request);
    const { done } = request.query;
    const count = Number(request.query.count ?? 0) || 0;
    return render(request, reply, { notice: done === 'calendar' ? t('admin.calendar.saved', { count }) : done === 'targets' ? t('admin.calendar.targetsSaved', { count }) : undefined });
  });

  app.post(BASE, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const values: FormValues = { timeZone: formField(request.body, 'timeZone'), holidays: formField(request.body, 'holidays') };
    const hours: Partial<Record<DayKey, TimeRange[]>> = {};
    for (const day of DAY_KEYS) {
      values[`hours-${day}`] = formField(request.body, `hours-${day}`);
      const ranges = parseRanges(values[`hours-${day}`] ?? '');
      if (ranges.length) hours[day] = ranges;
    }
    const calendar: BusinessCalendar = { timeZone: values.timeZone ?? '', hours, holidays: parseHolidays(values.holidays ?? '') };
    const result = await attempt(page.locale, () => saveCalendar(deps, { calendar, actorUserId: page.actor.userId, actorRole: page.actor.role }));
    if (result.ok) return reply.redirect(`${BASE}?done=calendar&count=${result.value.recomputed}`, 303);
    return render(request, reply, { calendar: { values, errors: calendarErrors(page, result.errors, calendar.holidays) } }, result.status);
  });

  app.post(`${BASE}/targets`, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const values: FormValues = {};
    const rows: { priority: TicketPriority; fr: string; res: string }[] = [];
    for (const p of PRIORITIES) {
      const fr = (values[`fr-${p}`] = formField(request.body, `fr-${p}`)).trim();
      const res = (values[`res-${p}`] = formField(request.body, `res-${p}`)).trim();
      if (fr || res) rows.push({ priority: p, fr, res });
    }
    const minutes = (raw: string) => (/^-?\d{1,9}$/.test(raw) ? Number(raw) : NaN);
    // The per-category targets (API only) are kept as they are.
    const kept = (await readTargets(ctx.database.db)).filter((x) => x.categoryId !== null);
    const targets: SlaTarget[] = [...rows.map((r) => ({ priority: r.priority, categoryId: null, firstResponseMinutes: minutes(r.fr), resolutionMinutes: minutes(r.res) })), ...kept];
    const result = await attempt(page.locale, () => saveTargets(deps, { targets, actorUserId: page.actor.userId, actorRole: page.actor.role }));
    if (result.ok) return reply.redirect(`${BASE}?done=targets&count=${result.value.recomputed}`, 303);
    const errors: Record<string, string> = {};
    for (const [path, message] of Object.entries(result.errors)) {
      const m = /^targets\.(\d+)\.(\w+)$/.exec(path);
      const row = m ? rows[Number(m[1])] : undefined;
      if (row && m![2] === 'resolutionMinutes') errors[`res-${row.priority}`] = message;
      else if (row) errors[`fr-${row.priority}`] = message;
      else if (path !== '_' && !m) errors[path] = message;
      else errors._ = message;
    }
    if (!Object.keys(errors).length) throw new AppError('VALIDATION_FAILED');
    return render(request, reply, { targets: { values, errors } }, result.status);
  });
}
