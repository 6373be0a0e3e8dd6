import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, manualClock, startTestApp, type TestApp } from '../../../../test/helpers/app';
import { loginAs } from '../../../../test/helpers/auth';
import { buildUser } from '../../../../test/helpers/factories';
import { APRIL_START, buildKnownHistory } from '../../../metrics/fixtures/known-history';

const PAGES = ['/staff/dashboards', '/staff/dashboards/incidents', '/staff/dashboards/notifications', '/staff/dashboards/assistant'];

describeEachDialect('dashboard pages', (dialect) => {
  let t: TestApp;
  let admin: Record<string, string>;
  let tech: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp(dialect, { clock: manualClock(APRIL_START + 9 * 86_400_000) });
    await buildKnownHistory(t.database);
    await buildUser(t.database, { username: 'jefe', password: 'clave-jefe-123', role: 'admin' });
    await buildUser(t.database, { username: 'tec', password: 'clave-tec-1234', role: 'technician' });
    admin = (await loginAs(t, { username: 'jefe', password: 'clave-jefe-123' })).headers;
    tech = (await loginAs(t, { username: 'tec', password: 'clave-tec-1234' })).headers;
  });
  afterAll(() => t.close());

  it('sends anonymous browsers to the login page and refuses technicians', async () => {
    for (const url of PAGES) {
      const anonymous = await t.app.inject({ url, headers: { accept: 'text/html' } });
      expect(anonymous.statusCode, url).toBe(303);
      expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
      expect((await t.app.inject({ url, headers: { ...tech, accept: 'text/html' } })).statusCode, url).toBe(403);
    }
  });

  it('renders every page with its tables, chart data and no outside resource', async () => {
    for (const url of PAGES) {
      const res = await t.app.inject({ url: `${url}?from=2026-03-01&to=2026-03-31`, headers: admin });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('99.34 %');
      expect(res.body).toContain('/assets/vendor/apexcharts/apexcharts.min.js');
      expect(res.body).not.toMatch(/(src|href)="https?:\/\//);
      expect(res.body).not.toContain('NaN');
      if (url !== '/staff/dashboards') expect(res.body).toContain('data-chart="');
    }
    const summary = await t.app.inject({ url: '/staff/dashboards?from=2026-03-01&to=2026-03-31', headers: admin });
    expect(summary.body).toContain('Comentarios recientes de la encuesta');
    expect(summary.body).toContain('Muy rápido, gracias.');
    // The known month has no waiting and no reopening: shown as such, apart from the resolution time.
    expect(summary.body).toContain('Esperando al solicitante: 0 min · trabajo: 2 h 0 min');
    expect(summary.body).toContain('Reabiertos por el solicitante: 0');
    const incidents = await t.app.inject({ url: '/staff/dashboards/incidents?from=2026-03-01&to=2026-03-31', headers: admin });
    expect((incidents.body.match(/<tr>/g) ?? []).length).toBeGreaterThan(31);
  });

  it('falls back to the last 30 days with a warning when the dates are not valid', async () => {
    const res = await t.app.inject({ url: '/staff/dashboards?from=2026-02-30&to=ayer', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Las fechas no son válidas');
    // Day first, as every date the pages show (a date input would follow the browser's language).
    expect(res.body).toContain('value="12/03/2026"');
    expect(res.body).toContain('value="10/04/2026"');
    expect(res.body).not.toMatch(/type="(date|month)"/);
    // The monthly PDF form offers last month, the report's own default, whatever the period shown.
    expect(res.body).toMatch(/<option value="2026-03" selected[^>]*>marzo de 2026<\/option>/);
  });

  it("reads the filter form's day-first dates (dd/mm/aaaa) as the same period as YYYY-MM-DD", async () => {
    const res = await t.app.inject({ url: '/staff/dashboards?from=1%2F3%2F2026&to=31%2F03%2F2026', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('Las fechas no son válidas');
    expect(res.body).toContain('99.34 %');
    expect(res.body).toContain('value="01/03/2026"');
    expect(res.body).toContain('value="31/03/2026"');
    const en = await t.app.inject({ url: '/staff/dashboards?from=2026-03-01&to=2026-03-31&lang=en', headers: admin });
    expect(en.body).toContain('placeholder="dd/mm/yyyy"');
    expect(en.body).toMatch(/<option value="2026-03" selected[^>]*>March 2026<\/option>/);
  });

  it('serves ApexCharts and its stylesheet from node_modules, compressed and cacheable', async () => {
    const js = await t.app.inject({ url: '/assets/vendor/apexcharts/apexcharts.min.js', headers: { 'accept-encoding': 'gzip' } });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['content-encoding']).toBe('gzip');
    // A browser that asks for brotli gets brotli (never gzip it did not ask for), and the same bytes.
    const br = await t.app.inject({ url: '/assets/vendor/apexcharts/apexcharts.min.js', headers: { 'accept-encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(js.rawPayload.length);
    expect(brotliDecompressSync(br.rawPayload).equals(gunzipSync(js.rawPayload))).toBe(true);
    const identity = await t.app.inject({ url: '/assets/vendor/apexcharts/apexcharts.min.js', headers: { 'accept-encoding': 'identity' } });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.rawPayload.equals(gunzipSync(js.rawPayload))).toBe(true);
    const again = await t.app.inject({ url: '/assets/vendor/apexcharts/apexcharts.min.js', headers: { 'if-none-match': String(js.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const css = await t.app.inject({ url: '/assets/vendor/apexcharts/apexcharts.css' });
    expect(css.body).toContain('.apexcharts-legend');
  });
});
