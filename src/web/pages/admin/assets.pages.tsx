/**
 * `/staff/admin/assets`: the equipment registry — search by code or words, filter by office, a
 * page at a time; register an asset; import the inventory CSV (the staff import's client script
 * sends the file); print an office's QR labels. `/staff/admin/assets/:code`: edit an asset and
 * read its tickets. Every form but the import works without JavaScript.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordCustodianRead } from '../../../privacy/record-read';
import { AppError } from '../../../core/errors';
import { listOffices } from '../../../directory/offices.repository';
import { flattenOfficeTree, type OfficeNode } from '../../../directory/office-tree';
import { normalizeAssetCode } from '../../../equipment/asset-code';
import { countAssets, findAssetByCode, listTicketsOfAsset, searchAssets, type Asset } from '../../../equipment/assets.repository';
import { changeAsset, createAsset, type AssetInput } from '../../../equipment/commands/save-asset';
import { ASSET_TICKETS_SHOWN } from '../../../equipment/admin-assets.routes';
import { sendPage } from '../../render';
import { StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { formCheckbox, formField } from '../../staff-forms';
import { listAndEditRoutes, type PageState } from './list-and-edit';
import { StatusBadge as TicketStatusBadge, formatInstant } from '../portal/format';
import {
  CheckboxField,
  CsvImportSection,
  EditButton,
  EditHeading,
  FormCard,
  ListHeading,
  SelectField,
  StatusBadge,
  SubmitColumn,
  TextField,
  type FormErrorsMap,
  type FormValues,
} from './admin-components';
import { DataTable } from '../../staff-table';
import { Section } from '../../card-section';

const BASE = '/staff/admin/assets';

interface ListQuery {
  q?: string;
  office?: string;
  after?: string;
  done?: string;
  code?: string;
}
const PAGE_SIZE = 50;

function officeOptions(page: StaffPageContext, tree: OfficeNode[], empty: string, current?: string) {
  return [
    { value: '', label: empty },
    ...tree.filter((o) => o.active || String(o.id) === current).map((o) => ({ value: String(o.id), label: o.active ? o.path : `${o.path} (${page.t('admin.offices.inactive')})` })),
  ];
}

function AssetFields({ page, tree, values, errors, withCode }: { page: StaffPageContext; tree: OfficeNode[]; values: FormValues; errors: FormErrorsMap; withCode: boolean }) {
  const { t } = page;
  return (
    <>
      {withCode && (
        <TextField id="code" label={t('admin.assets.code')} value={values.code} errors={errors} required maxLength={40} inputMode="numeric" help={t('admin.assets.codeHelp')} class="col-12 col-md-4" />
      )}
      <TextField id="description" label={t('admin.assets.description')} value={values.description} errors={errors} required maxLength={200} class={withCode ? 'col-12 col-md-8' : 'col-12'} />
      <TextField id="brand" label={t('admin.assets.brand')} value={values.brand} errors={errors} maxLength={80} class="col-12 col-md-4" />
      <TextField id="model" label={t('admin.assets.model')} value={values.model} errors={errors} maxLength={80} class="col-12 col-md-4" />
      <TextField id="serial" label={t('admin.assets.serial')} value={values.serial} errors={errors} maxLength={80} class="col-12 col-md-4" />
      <SelectField id="officeId" label={t('admin.assets.office')} value={values.officeId} errors={errors} options={officeOptions(page, tree, '—', values.officeId)} required class="col-12 col-md-8" />
      <TextField
        id="custodianDni"
        label={t('admin.assets.custodianDni')}
        value={values.custodianDni}
        errors={errors}
        maxLength={12}
        inputMode="numeric"
        help={t('admin.assets.custodianHelp')}
        class="col-12 col-md-4"
      />
    </>
  );
}

function readAssetForm(body: unknown): AssetInput {
  const office = formField(body, 'officeId').trim();
  return {
    description: formField(body, 'description'),
    brand: formField(body, 'brand'),
    model: formField(body, 'model'),
    serial: formField(body, 'serial'),
    // An unchosen office is the command's "required"; a forged value is an unknown office.
    officeId: office === '' ? undefined : /^\d{1,9}$/.test(office) ? Number(office) : 0,
    custodianDni: formField(body, 'custodianDni'),
  };
}

const formValues = (body: unknown, names: string[]): FormValues => Object.fromEntries(names.map((n) => [n, formField(body, n)]));
const FIELDS = ['code', 'description', 'brand', 'model', 'serial', 'officeId', 'custodianDni'];

function AssetTable({ page, items }: { page: StaffPageContext; items: Asset[] }) {
  const { t } = page;
  if (!items.length) return <p class="mb-0">{t('admin.assets.none')}</p>;
  return (
    <DataTable columns={[t('admin.assets.code'), t('admin.assets.description'), t('admin.assets.office'), t('admin.assets.custodian'), t('admin.status'), t('admin.actions')]}>
      {items.map((a) => (
        <tr class={a.active ? undefined : 'text-secondary'}>
          <td class="font-monospace">{a.code}</td>
          <td>
            {a.description}
            {(a.brand || a.model) && <span class="text-secondary"> · {[a.brand, a.model].filter(Boolean).join(' ')}</span>}
          </td>
          <td>{a.officeName}</td>
          <td>{a.custodian ? `${a.custodian.firstName} ${a.custodian.lastName}` : '—'}</td>
          <td>
            <StatusBadge page={page} active={a.active} />
          </td>
          <td>
            <EditButton page={page} href={`${BASE}/${a.code}`} name={a.code} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function ImportSection({ page }: { page: StaffPageContext }) {
  const { t } = page;
  return (
    <CsvImportSection
      page={page}
      id="asset-import"
      fileId="asset-csv-file"
      title={t('admin.assets.importTitle')}
      intro={t('admin.assets.importIntro')}
      endpoint="/api/v1/admin/assets/import"
      accept=".csv,.txt,text/csv"
      data={{ result: t('admin.assets.importResult') }}
    />
  );
}

function LabelsSection({ page, tree }: { page: StaffPageContext; tree: OfficeNode[] }) {
  const { t } = page;
  return (
    <Section id="asset-labels-title" title={t('admin.assets.labelsTitle')}>
      <p class="text-secondary">{t('admin.assets.labelsIntro')}</p>
      <form method="get" action="/api/v1/admin/assets/labels.pdf" class="row g-2 align-items-end">
        <SelectField id="labels-office" name="office" label={t('admin.assets.office')} errors={undefined} options={officeOptions(page, tree, '—')} required class="col-12 col-md-8" />
        <SubmitColumn label={t('admin.assets.labelsSubmit')} button="btn btn-outline-primary" />
      </form>
    </Section>
  );
}

export async function adminAssetPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock });

  async function renderList(request: FastifyRequest, reply: FastifyReply, state: PageState, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const query = (request.method === 'GET' ? (request.query ?? {}) : {}) as ListQuery;
    const q = typeof query.q === 'string' ? query.q.slice(0, 100) : '';
    const office = typeof query.office === 'string' && /^\d{1,9}$/.test(query.office) ? Number(query.office) : undefined;
    const after = typeof query.after === 'string' && /^\d{1,20}$/.test(query.after) ? query.after : null;
    const tree = flattenOfficeTree(await listOffices(ctx.database.db));
    const result = await searchAssets(ctx.database.db, ctx.database.dialect, { q, officeId: office, after, limit: PAGE_SIZE });
    const total = await countAssets(ctx.database.db);
    const nextHref = result.next ? `${BASE}?${new URLSearchParams({ q, office: office ? String(office) : '', after: result.next }).toString()}` : null;
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.assets.title')} scripts={['staff-import.js']}>
        <ListHeading title={t('admin.assets.title')} intro={t('admin.assets.intro')} notice={state.notice} />
        <Section id="assets-list" title={t('admin.assets.count', { count: total })}>
          <form method="get" action={BASE} class="row g-2 align-items-end mb-3" role="search">
            <TextField id="q" label={t('admin.assets.search')} value={q} errors={undefined} maxLength={100} class="col-12 col-md-5" />
            <SelectField
              id="office"
              label={t('admin.assets.office')}
              value={office ? String(office) : ''}
              errors={undefined}
              options={officeOptions(page, tree, t('admin.assets.allOffices'))}
              class="col-12 col-md-5"
            />
            <SubmitColumn label={t('admin.assets.searchSubmit')} class="col-12 col-md-2" button="btn btn-outline-primary w-100" />
          </form>
          <AssetTable page={page} items={result.items} />
          {nextHref && (
            <p class="mt-3 mb-0">
              <a href={nextHref}>{t('admin.assets.next')} →</a>
            </p>
          )}
        </Section>
        <FormCard page={page} id="asset-new" title={t('admin.assets.new')} action={BASE} errors={state.errors} submit={t('admin.assets.create')}>
          <AssetFields page={page} tree={tree} values={state.values ?? {}} errors={state.errors} withCode />
        </FormCard>
        <ImportSection page={page} />
        <LabelsSection page={page} tree={tree} />
      </StaffLayout>,
      status,
    );
  }

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, rawCode: string, state: PageState, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const code = normalizeAssetCode(rawCode);
    const asset = code ? await findAssetByCode(ctx.database.db, code) : null;
    if (!asset) throw new AppError('ASSET_NOT_FOUND');
    const tree = flattenOfficeTree(await listOffices(ctx.database.db));
    const tickets = await listTicketsOfAsset(ctx.database.db, asset.id, { limit: ASSET_TICKETS_SHOWN });
    // The form shows the stored custodian's DNI (unless it re-shows what the admin just typed).
    if (!state.values) await recordCustodianRead(ctx.database.db, ctx.clock(), page.actor.userId, [asset]);
    const values = state.values ?? {
      description: asset.description,
      brand: asset.brand ?? '',
      model: asset.model ?? '',
      serial: asset.serial ?? '',
      officeId: String(asset.officeId),
      custodianDni: asset.custodian?.dni ?? '',
      active: asset.active ? '1' : '',
    };
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.assets.editTitle')}>
        <EditHeading page={page} back={BASE}>
          {t('admin.assets.editTitle')}: <span class="font-monospace">{asset.code}</span>
        </EditHeading>
        <FormCard page={page} id="asset-edit" title={asset.description} action={`${BASE}/${asset.code}`} errors={state.errors} submit={t('admin.save')}>
          <AssetFields page={page} tree={tree} values={values} errors={state.errors} withCode={false} />
          <CheckboxField id="active" label={t('admin.activeCheckbox')} checked={values.active === '1'} errors={state.errors} />
        </FormCard>
        <Section id="asset-tickets" title={t('admin.assets.tickets', { count: tickets.length })}>
          {tickets.length === 0 ? (
            <p class="mb-0">{t('admin.assets.noTickets')}</p>
          ) : (
            <ul class="list-unstyled mb-0">
              {tickets.map((x) => (
                <li class="mb-2">
                  <a class="font-monospace" href={`/staff/tickets/${x.code}`}>
                    {x.code}
                  </a>{' '}
                  <TicketStatusBadge page={page} status={x.status} /> {x.category} ·{' '}
                  <time dateTime={new Date(x.createdAt).toISOString()}>{formatInstant(x.createdAt, page.locale, page.timeZone)}</time>
                  <br />
                  <span class="text-secondary">{x.description.length > 160 ? `${x.description.slice(0, 159)}…` : x.description}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </StaffLayout>,
      status,
    );
  }

  listAndEditRoutes(app, {
    base: BASE,
    param: 'code',
    renderList,
    renderEdit,
    readNew: (body) => formValues(body, FIELDS),
    create: ({ body }) => createAsset(deps(), { ...readAssetForm(body), code: formField(body, 'code') }),
    createdName: (created) => created.code,
    nameParam: 'code',
    readEdit: (body) => ({ ...formValues(body, FIELDS), active: formCheckbox(body, 'active') ? '1' : '' }),
    // An unknown code is the 404 page (ASSET_NOT_FOUND), not the form.
    update: ({ body }, code) => changeAsset(deps(), code, { ...readAssetForm(body), active: formCheckbox(body, 'active') }),
  });
}
