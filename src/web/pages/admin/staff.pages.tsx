/**
 * `/staff/admin/staff`: the staff directory — search, pages, add a person, edit a person and
 * their office per year, and the CSV import (the file is read by a small client script and sent
 * as text/csv with the CSRF header; multipart is not needed).
 */
import { recordDirectoryRead } from '../../../privacy/record-read';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin } from '../../../auth/guards';
import { AppError } from '../../../core/errors';
import { listOffices } from '../../../directory/offices.repository';
import { flattenOfficeTree, type OfficeNode } from '../../../directory/office-tree';
import { findStaffMember, searchStaff, type StaffMember } from '../../../directory/staff.repository';
import { decodeStaffCursor, encodeStaffCursor } from '../../../directory/staff-cursor';
import { createStaffMember } from '../../../directory/commands/create-staff-member';
import { assignStaffOffice, updateStaffMember } from '../../../directory/commands/update-staff-member';
import { localYear } from '../../../core/local-time';
import { sendPage } from '../../render';
import { CsrfField, FormErrors, StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { formCheckbox, formField, formInteger, submitForm } from '../../staff-forms';
import { listAndEditRoutes, type PageState } from './list-and-edit';
import {
  CheckboxField,
  CsvImportSection,
  EditButton,
  EditHeading,
  FormCard,
  ListHeading,
  Notice,
  SelectField,
  StatusBadge,
  SubmitColumn,
  TextField,
  type FormErrorsMap,
  type FormValues,
} from './admin-components';
import { DataTable, HeadRow } from '../../staff-table';
import { Section } from '../../card-section';

const BASE = '/staff/admin/staff';
const PAGE_SIZE = 50;

function officeOptions(page: StaffPageContext, tree: OfficeNode[], current?: number) {
  return [
    { value: '', label: '—' },
    ...tree.filter((o) => o.active || o.id === current).map((o) => ({ value: String(o.id), label: o.active ? o.path : `${o.path} (${page.t('admin.offices.inactive')})` })),
  ];
}

const labelsOf = (page: StaffPageContext) => ({
  dni: page.t('admin.staff.dni'),
  firstName: page.t('admin.staff.firstName'),
  lastName: page.t('admin.staff.lastName'),
  phone: page.t('admin.staff.phone'),
  officeId: page.t('admin.staff.office'),
  year: page.t('admin.staff.year'),
});

function ImportSection({ page }: { page: StaffPageContext }) {
  const { t } = page;
  return (
    <CsvImportSection
      page={page}
      id="staff-import"
      fileId="csv-file"
      title={t('admin.import.title')}
      intro={t('admin.import.intro')}
      endpoint="/api/v1/admin/staff/import"
      accept=".csv,text/csv"
      data={{ result: t('admin.import.result'), offices: t('admin.import.officesCreated') }}
    />
  );
}

function StaffTable({ page, items, year }: { page: StaffPageContext; items: StaffMember[]; year: number }) {
  const { t } = page;
  if (!items.length) return <p class="mb-0">{t('admin.staff.none')}</p>;
  return (
    <DataTable
      columns={[t('admin.staff.dni'), t('admin.staff.lastName'), t('admin.staff.firstName'), t('admin.staff.phone'), t('admin.staff.officeYear', { year }), t('admin.status'), t('admin.actions')]}
    >
      {items.map((p) => {
        const office = p.offices.find((o) => o.year === year);
        return (
          <tr class={p.active ? undefined : 'text-secondary'}>
            <td class="font-monospace">{p.dni}</td>
            <td>{p.lastName}</td>
            <td>{p.firstName}</td>
            <td>{p.phone ?? ''}</td>
            <td>{office ? office.officeName : <span class="text-secondary">{t('admin.staff.noOffice')}</span>}</td>
            <td>
              <StatusBadge page={page} active={p.active} />
            </td>
            <td>
              <EditButton page={page} href={`${BASE}/${p.id}`} name={`${p.firstName} ${p.lastName}`} />
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

export async function adminStaffPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock, timeZone: ctx.config.timeZone });
  const thisYear = () => localYear(ctx.clock(), ctx.config.timeZone);

  async function renderList(request: FastifyRequest<{ Querystring: { q?: string; cursor?: string } }>, reply: FastifyReply, state: PageState, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const q = (request.query?.q ?? '').slice(0, 100);
    const cursor = request.query?.cursor;
    const result = await searchStaff(ctx.database.db, ctx.database.dialect, { q, after: decodeStaffCursor(cursor), limit: PAGE_SIZE });
    await recordDirectoryRead(ctx.database.db, ctx.clock(), page.actor.userId, result.items);
    const tree = flattenOfficeTree(await listOffices(ctx.database.db));
    const year = thisYear();
    const values = state.values ?? { year: String(year) };
    const nextUrl = result.next ? `${BASE}?${new URLSearchParams({ ...(q ? { q } : {}), cursor: encodeStaffCursor(result.next) })}` : null;
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.staff.title')} scripts={['staff-import.js']}>
        <ListHeading title={t('admin.staff.title')} intro={t('admin.staff.intro')} notice={state.notice} />
        <form method="get" action={BASE} class="row g-2 align-items-end mb-3" role="search">
          <div class="col-12 col-md-6">
            <label class="form-label" for="q">
              {t('admin.staff.search')}
            </label>
            <input class="form-control" type="search" id="q" name="q" value={q} maxLength={100} />
          </div>
          <SubmitColumn label={t('admin.staff.searchButton')} />
        </form>
        <Section id="staff-list" title={t('admin.staff.listTitle')}>
          <StaffTable page={page} items={result.items} year={year} />
          {cursor || nextUrl ? (
            <nav class="d-flex gap-3 mt-3" aria-label={t('admin.staff.next')}>
              {cursor ? <a href={q ? `${BASE}?q=${encodeURIComponent(q)}` : BASE}>{t('admin.staff.first')}</a> : null}
              {nextUrl ? <a href={nextUrl}>{t('admin.staff.next')} →</a> : null}
            </nav>
          ) : null}
        </Section>
        <FormCard page={page} id="staff-new" title={t('admin.staff.new')} action={BASE} errors={state.errors} labels={labelsOf(page)} submit={t('admin.staff.create')}>
          <TextField id="dni" label={t('admin.staff.dni')} value={values.dni} errors={state.errors} required inputMode="numeric" maxLength={8} pattern="[0-9]{8}" class="col-12 col-md-3" />
          <TextField id="firstName" label={t('admin.staff.firstName')} value={values.firstName} errors={state.errors} required maxLength={120} class="col-12 col-md-4" />
          <TextField id="lastName" label={t('admin.staff.lastName')} value={values.lastName} errors={state.errors} required maxLength={120} class="col-12 col-md-5" />
          <TextField id="phone" label={t('admin.staff.phone')} value={values.phone} errors={state.errors} type="tel" maxLength={30} class="col-12 col-md-3" />
          <SelectField id="officeId" label={t('admin.staff.office')} value={values.officeId} errors={state.errors} options={officeOptions(page, tree)} required class="col-12 col-md-6" />
          <TextField id="year" label={t('admin.staff.year')} value={values.year} errors={state.errors} required inputMode="numeric" maxLength={4} class="col-6 col-md-3" />
        </FormCard>
        <ImportSection page={page} />
      </StaffLayout>,
      status,
    );
  }

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    state: { values?: FormValues; errors?: FormErrorsMap; officeValues?: FormValues; officeErrors?: FormErrorsMap; notice?: string } = {},
    status = 200,
  ) {
    const page = staffPageContext(request);
    const { t } = page;
    const person = Number.isInteger(id) ? await findStaffMember(ctx.database.db, id) : null;
    if (!person) throw new AppError('NOT_FOUND');
    const tree = flattenOfficeTree(await listOffices(ctx.database.db));
    const values = state.values ?? { firstName: person.firstName, lastName: person.lastName, phone: person.phone ?? '', active: person.active ? '1' : '' };
    const year = thisYear();
    const current = person.offices.find((o) => o.year === year);
    const officeValues = state.officeValues ?? { year: String(year), officeId: current ? String(current.officeId) : '' };
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.staff.editTitle')}>
        <EditHeading page={page} back={BASE}>
          {t('admin.staff.editTitle')}: {person.firstName} {person.lastName}
        </EditHeading>
        <p class="font-monospace">
          {t('admin.staff.dni')} {person.dni}
        </p>
        <Notice message={state.notice} />
        <FormCard page={page} id="person-edit" title={t('admin.staff.editTitle')} action={`${BASE}/${id}`} errors={state.errors} labels={labelsOf(page)} submit={t('admin.save')}>
          <TextField id="firstName" label={t('admin.staff.firstName')} value={values.firstName} errors={state.errors} required maxLength={120} />
          <TextField id="lastName" label={t('admin.staff.lastName')} value={values.lastName} errors={state.errors} required maxLength={120} />
          <TextField id="phone" label={t('admin.staff.phone')} value={values.phone} errors={state.errors} type="tel" maxLength={30} />
          <CheckboxField id="active" label={t('admin.activeCheckbox')} checked={values.active === '1'} errors={state.errors} />
        </FormCard>
        <Section id="person-offices" title={t('admin.staff.officesTitle')}>
          {person.offices.length ? (
            <table class="table table-sm w-auto">
              <HeadRow columns={[t('admin.staff.year'), t('admin.staff.office')]} />
              <tbody>
                {person.offices.map((o) => (
                  <tr>
                    <td>{o.year}</td>
                    <td>{o.officeName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('admin.staff.noYears')}</p>
          )}
          <FormErrors page={page} errors={state.officeErrors} labels={labelsOf(page)} />
          <form method="post" action={`${BASE}/${id}/offices`} class="row g-3 align-items-end">
            <CsrfField page={page} />
            <TextField id="year" label={t('admin.staff.year')} value={officeValues.year} errors={state.officeErrors} required inputMode="numeric" maxLength={4} class="col-6 col-md-2" />
            <SelectField
              id="officeId"
              label={t('admin.staff.office')}
              value={officeValues.officeId}
              errors={state.officeErrors}
              options={officeOptions(page, tree, current?.officeId)}
              required
              class="col-12 col-md-7"
            />
            <SubmitColumn label={t('admin.staff.assign')} />
          </form>
        </Section>
      </StaffLayout>,
      status,
    );
  }

  listAndEditRoutes(app, {
    base: BASE,
    renderList,
    renderEdit,
    readNew: (body) => Object.fromEntries(['dni', 'firstName', 'lastName', 'phone', 'officeId', 'year'].map((k) => [k, formField(body, k)])),
    create: ({ body }) =>
      createStaffMember(deps(), {
        dni: formField(body, 'dni'),
        firstName: formField(body, 'firstName'),
        lastName: formField(body, 'lastName'),
        phone: formField(body, 'phone') || null,
        officeId: formInteger(body, 'officeId'),
        year: formInteger(body, 'year'),
      }),
    createdName: (created) => `${created.firstName} ${created.lastName}`,
    readEdit: (body) => ({ firstName: formField(body, 'firstName'), lastName: formField(body, 'lastName'), phone: formField(body, 'phone'), active: formCheckbox(body, 'active') ? '1' : '' }),
    update: ({ body }, id) =>
      updateStaffMember(deps(), id, { firstName: formField(body, 'firstName'), lastName: formField(body, 'lastName'), phone: formField(body, 'phone') || null, active: formCheckbox(body, 'active') }),
    savedTo: (id) => `${BASE}/${id}?done=saved`,
    editNotice: (request) => ((request.query as { done?: string }).done === 'saved' ? staffPageContext(request).t('admin.saved') : undefined),
  });

  app.post<{ Params: { id: string } }>(`${BASE}/:id/offices`, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const id = Number(request.params.id);
    const body = request.body;
    const officeValues = { year: formField(body, 'year'), officeId: formField(body, 'officeId') };
    return submitForm(reply, request.locale, () => assignStaffOffice(deps(), id, formInteger(body, 'year'), formInteger(body, 'officeId')), {
      redirectTo: () => `${BASE}/${id}?done=saved`,
      rerender: (errors, status) => renderEdit(request, reply, id, { officeValues, officeErrors: errors }, status),
    });
  });
}
