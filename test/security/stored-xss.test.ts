/**
 * Stored XSS: every field a page renders that someone outside the IT office can write (or an admin
 * can mistype) carries markup; every portal and staff page that shows it must show it as text.
 * Fields: ticket description, work-log note and closing note, requester names, office and category
 * names, technician full name. (FAQ Markdown has its own tests in src/assistant.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, startTestApp, type TestApp } from '../helpers/app';
import { buildCategory, buildOffice, buildStaff, buildUser } from '../helpers/factories';
import { loginAs } from '../helpers/auth';

const PAYLOAD = (field: string) => `<script>alert("${field}")</script><img src=x onerror=alert("${field}")>`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

describeEachDialect('stored XSS', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('shows every stored field as text on every page that renders it', async () => {
    const office = await buildOffice(t.database, { name: `Oficina ${PAYLOAD('office')}` });
    const category = await buildCategory(t.database, { name: `Impresoras ${PAYLOAD('category')}` });
    const person = await buildStaff(t.database, { officeId: office.id, firstName: `Ana ${PAYLOAD('first')}`, lastName: `Quispe ${PAYLOAD('last')}` });
    const admin = await buildUser(t.database, { role: 'admin', fullName: `Admin ${PAYLOAD('user')}` });
    const session = await loginAs(t, admin);
    const auth = session.headers;

    const filed = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', payload: { dni: person.dni, categoryId: category.id, description: `No imprime ${PAYLOAD('description')}` } });
    expect(filed.statusCode).toBe(201);
    const { code } = filed.json();
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/assign`, headers: auth, payload: {} })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code}/notes`, headers: auth, payload: { text: `Revisado ${PAYLOAD('note')}` } })).statusCode).toBe(201);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { dni: (await buildStaff(t.database, { officeId: office.id })).dni, categoryId: category.id, description: 'Otro problema con la impresora.' },
    });
    const code2 = second.json().code;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code2}/assign`, headers: auth, payload: {} })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${code2}/transition`, headers: auth, payload: { to: 'resolved', note: `Listo ${PAYLOAD('closing')}` } })).statusCode).toBe(200);

    const pages: { name: string; res: Promise<{ statusCode: number; body: string }>; fields: string[] }[] = [
      { name: 'tracking', res: t.app.inject({ url: `/t/${code}` }), fields: ['description', 'office', 'category'] },
      { name: 'tracking (resolved)', res: t.app.inject({ url: `/t/${code2}` }), fields: ['closing'] },
      {
        name: 'form lookup',
        res: t.app.inject({ method: 'POST', url: '/tickets', payload: new URLSearchParams({ dni: person.dni, action: 'lookup' }).toString(), headers: FORM }),
        fields: ['office', 'first', 'category'],
      },
      { name: 'mis tickets', res: t.app.inject({ method: 'POST', url: '/mis-tickets', payload: new URLSearchParams({ dni: person.dni }).toString(), headers: FORM }), fields: ['category'] },
      {
        name: 'staff ticket',
        res: t.app.inject({ url: `/staff/tickets/${code}`, headers: { cookie: session.cookie } }),
        fields: ['description', 'note', 'first', 'last', 'office', 'category', 'user'],
      },
      { name: 'staff ticket (resolved)', res: t.app.inject({ url: `/staff/tickets/${code2}`, headers: { cookie: session.cookie } }), fields: ['closing'] },
      { name: 'tickets list', res: t.app.inject({ url: '/staff/tickets', headers: { cookie: session.cookie } }), fields: ['office', 'category'] },
      { name: 'my tickets', res: t.app.inject({ url: '/staff/mine', headers: { cookie: session.cookie } }), fields: ['category'] },
      { name: 'admin offices', res: t.app.inject({ url: '/staff/admin/offices', headers: { cookie: session.cookie } }), fields: ['office'] },
      { name: 'admin staff', res: t.app.inject({ url: `/staff/admin/staff?q=${person.dni}`, headers: { cookie: session.cookie } }), fields: ['first', 'last'] },
      { name: 'admin categories', res: t.app.inject({ url: '/staff/admin/categories', headers: { cookie: session.cookie } }), fields: ['category'] },
      { name: 'admin users', res: t.app.inject({ url: '/staff/admin/users', headers: { cookie: session.cookie } }), fields: ['user'] },
    ];
    for (const p of pages) {
      const res = await p.res;
      expect(res.statusCode, `${p.name}: ${res.body.slice(0, 200)}`).toBe(200);
      expect(res.body, p.name).not.toMatch(/<script>alert|<img src=x/);
      for (const field of p.fields) expect(res.body, `${p.name} shows ${field} escaped`).toContain(`&lt;script>alert(&quot;${field}&quot;)`);
    }
  });
});
