/** `/staff/admin/access-log`: the personal-data access log, filtered by DNI and dates (admins only). */
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../../../auth/guards';
import { readAccessLog } from '../../../privacy/access-log-query';
import { sendPage } from '../../render';
import { FormErrors, formatDateTime, StaffLayout, staffPageContext } from '../../staff-layout';
import { attempt } from '../../staff-forms';
import { DataTable } from '../../staff-table';
import { DateField, DateFormatHint, dateFromField, withDateFieldErrors } from '../../date-field';
import { SubmitColumn } from './admin-components';

const BASE = '/staff/admin/access-log';

type Query = { dni?: string; from?: string; to?: string; cursor?: string };

export async function accessLogPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  app.get<{ Querystring: Query }>(BASE, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const { t } = page;
    const q = Object.fromEntries(Object.entries(request.query ?? {}).filter(([k, v]) => ['dni', 'from', 'to', 'cursor'].includes(k) && typeof v === 'string' && v.length <= 40)) as Query;
    const result = await attempt(page.locale, () => readAccessLog({ db: ctx.database.db, timeZone: ctx.config.timeZone }, { ...q, from: dateFromField(q.from), to: dateFromField(q.to) }));
    const errors = result.ok ? undefined : withDateFieldErrors(page, result.errors, ['from', 'to']);
    const items = result.ok ? result.value.items : [];
    const next = result.ok && result.value.nextCursor ? `${BASE}?${new URLSearchParams({ ...q, cursor: result.value.nextCursor })}` : null;
    const kindLabel = (kind: string, code: string | null) => t(`accessLog.kind.${kind}` as 'accessLog.kind.ticket_page', { code: code ?? '' });
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('accessLog.title')}>
        <h1 class="h3">{t('accessLog.title')}</h1>
        <p class="text-secondary">{t('accessLog.intro', { years: ctx.config.personalDataRetentionYears })}</p>
        <FormErrors page={page} errors={errors} />
        <form method="get" action={BASE} class="row g-2 align-items-end mb-3">
          <div class="col-12 col-sm-4 col-md-3">
            <label class="form-label" for="dni">
              {t('accessLog.dni')}
            </label>
            <input class="form-control" id="dni" name="dni" inputMode="numeric" maxLength={8} value={q.dni ?? ''} />
          </div>
          <div class="col-6 col-sm-3 col-md-2">
            <label class="form-label" for="from">
              {t('accessLog.from')}
              <DateFormatHint page={page} id="from" />
            </label>
            <DateField page={page} id="from" value={q.from} invalid={Boolean(errors?.from)} />
          </div>
          <div class="col-6 col-sm-3 col-md-2">
            <label class="form-label" for="to">
              {t('accessLog.to')}
              <DateFormatHint page={page} id="to" />
            </label>
            <DateField page={page} id="to" value={q.to} invalid={Boolean(errors?.to)} />
          </div>
          <SubmitColumn label={t('accessLog.filter')} class="col-12 col-sm-auto" />
        </form>
        {items.length === 0 ? (
          <p>{t('accessLog.none')}</p>
        ) : (
          <DataTable class="table table-sm align-middle access-log" columns={[t('accessLog.at'), t('accessLog.user'), t('accessLog.kind'), t('accessLog.fields'), t('accessLog.whose')]}>
            {items.map((e) => (
              <tr>
                <td>{formatDateTime(page, e.at)}</td>
                <td>
                  {e.user.fullName} <span class="text-secondary">({e.user.username})</span>
                </td>
                <td>{kindLabel(e.kind, e.ticketCode)}</td>
                <td>{e.fields.map((f) => t(`accessLog.field.${f}` as 'accessLog.field.dni')).join(', ')}</td>
                <td>{e.person ? e.person.name : t('accessLog.people', { count: e.people })}</td>
              </tr>
            ))}
          </DataTable>
        )}
        {next ? (
          <p>
            <a href={next}>{t('accessLog.more')}</a>
          </p>
        ) : null}
      </StaffLayout>,
    );
  });
}
