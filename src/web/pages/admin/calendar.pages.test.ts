/**
 * The business calendar and SLA targets admin page without JavaScript, on every database: what it
 * shows from the first start (Peru's holidays, 08:00–16:45), every bad field named beside its
 * input with what was typed kept, and a valid change stored (as the API reads it) and applied to
 * open tickets.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../../../test/helpers/app';
import { loginAs, type LoggedInHeaders } from '../../../../test/helpers/auth';
import { buildUser } from '../../../../test/helpers/factories';

const lima = (local: string) => Date.parse(`${local}-05:00`);

describeEachDialect('calendar and SLA admin page', (dialect) => {
  let t: TestApp;
  const clock = manualClock(lima('2026-12-02T09:00:00'));
  let asAdmin: LoggedInHeaders;
  let asRosa: LoggedInHeaders;

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock });
    asAdmin = await loginAs(t, await buildUser(t.database, { role: 'admin', fullName: 'Ana Torres Vega' }));
    asRosa = await loginAs(t, await buildUser(t.database, { fullName: 'Rosa Quispe Mamani' }));
  });
  afterAll(() => t.close());

  const page = (url: string, who = asAdmin) => t.app.inject({ url, headers: { cookie: who.cookie, accept: 'text/html' } });
  const form = (url: string, fields: Record<string, string>, who = asAdmin) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: who.csrfToken, ...fields }).toString(),
    });
  const api = async (url: string) => (await t.app.inject({ url, headers: { cookie: asAdmin.cookie } })).json();
  /** The invalid-feedback text under an input. */
  const errorOf = (body: string, id: string) => new RegExp(`id="${id}-error">([^<]*)<`).exec(body)?.[1];
  const calendarFields = (over: Record<string, string> = {}) => ({
    timeZone: 'America/Lima',
    'hours-mon': '08:00-16:45',
    'hours-tue': '08:00-16:45',
    'hours-wed': '08:00-16:45',
    'hours-thu': '08:00-16:45',
    'hours-fri': '08:00-16:45',
    'hours-sat': '',
    'hours-sun': '',
    holidays: '2026-12-25 Navidad',
    ...over,
  });

  it('is for admins only and shows the calendar of the first start with Peru’s holidays', async () => {
    expect((await page('/staff/admin/calendar', asRosa)).statusCode).toBe(403);
    expect((await form('/staff/admin/calendar', calendarFields(), asRosa)).statusCode).toBe(403);
    const res = await page('/staff/admin/calendar');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Calendario laboral y plazos');
    expect(res.body).toMatch(/id="hours-mon" name="hours-mon" type="text" value="08:00-16:45"/);
    expect(res.body).toMatch(/id="hours-sat" name="hours-sat" type="text" value maxlength/);
    expect(res.body).toContain('2026-12-25 Navidad');
    expect(res.body).toContain('2027-07-28');
    expect(res.body).toMatch(/id="fr-critical" name="fr-critical" type="text" value="15"/);
    expect(res.body).toContain('href="/staff/admin/calendar"');
    expect((await page('/staff/admin/calendar?lang=en')).body).toContain('Business calendar and targets');
  });

  it('names every bad field of the calendar beside its input and keeps what was typed', async () => {
    const res = await form(
      '/staff/admin/calendar',
      calendarFields({
        timeZone: 'Marte/Olympus',
        'hours-mon': '08:00-13:00, 12:00-16:45',
        'hours-tue': '8am',
        'hours-wed': '25:00-26:00',
        holidays: '2026-12-25 Navidad\n2026-02-30 Día inventado\n2026-12-24',
      }),
    );
    expect(res.statusCode).toBe(422);
    expect(errorOf(res.body, 'timeZone')).toContain('Zona horaria desconocida');
    expect(errorOf(res.body, 'hours-mon')).toContain('se superpone');
    expect(errorOf(res.body, 'hours-tue')).toContain('Hora no válida');
    expect(errorOf(res.body, 'hours-wed')).toContain('Hora no válida');
    expect(errorOf(res.body, 'hours-thu')).toBeUndefined();
    const holidays = /id="holidays-error">([^<]*)</.exec(res.body)?.[1] ?? '';
    expect(holidays).toContain('«2026-02-30 Día inventado»: Fecha no válida');
    expect(holidays).toContain('«2026-12-24»: Escriba el nombre del feriado');
    expect(res.body).toContain('value="08:00-13:00, 12:00-16:45"');
    expect(res.body).toContain('2026-02-30 Día inventado');
    // Nothing was stored.
    expect((await api('/api/v1/admin/calendar')).hours.mon).toEqual([['08:00', '16:45']]);
  });

  it('saves opening hours with a lunch break and an institutional holiday, as the API then reads them', async () => {
    const res = await form('/staff/admin/calendar', calendarFields({ 'hours-mon': '08:00-13:00, 14:00-16:45', holidays: '2026-12-25 Navidad\n2026-12-07 Aniversario de la institución' }));
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toMatch(/^\/staff\/admin\/calendar\?done=calendar&count=\d+$/);
    expect((await page(res.headers.location as string)).body).toContain('Calendario guardado');
    const saved = await api('/api/v1/admin/calendar');
    expect(saved.hours.mon).toEqual([
      ['08:00', '13:00'],
      ['14:00', '16:45'],
    ]);
    expect(saved.hours.sat).toBeUndefined();
    expect(saved.holidays).toEqual([
      { date: '2026-12-07', name: 'Aniversario de la institución' },
      { date: '2026-12-25', name: 'Navidad' },
    ]);
  });

  it('names bad targets beside their priority and saves good ones (both empty = no target)', async () => {
    const good = { 'fr-critical': '20', 'res-critical': '240', 'fr-high': '60', 'res-high': '525', 'fr-normal': '240', 'res-normal': '1575', 'fr-low': '', 'res-low': '' };
    const bad = await form('/staff/admin/calendar/targets', { ...good, 'res-high': '-5', 'fr-normal': '2000', 'fr-low': '30' });
    expect(bad.statusCode).toBe(422);
    expect(errorOf(bad.body, 'res-high')).toContain('minutos enteros');
    expect(errorOf(bad.body, 'fr-normal')).toContain('no puede vencer después de la resolución');
    expect(errorOf(bad.body, 'res-low')).toContain('minutos enteros');
    expect(errorOf(bad.body, 'fr-critical')).toBeUndefined();
    expect(bad.body).toMatch(/id="res-high" name="res-high" type="text" value="-5"/);
    const ok = await form('/staff/admin/calendar/targets', good);
    expect(ok.statusCode, ok.body).toBe(303);
    expect((await page(ok.headers.location as string)).body).toContain('Plazos guardados');
    const { targets } = await api('/api/v1/admin/sla');
    expect(targets.map((x: { priority: string; firstResponseMinutes: number }) => [x.priority, x.firstResponseMinutes])).toEqual([
      ['critical', 20],
      ['high', 60],
      ['normal', 240],
    ]);
  });
});
