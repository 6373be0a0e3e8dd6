/** `/staff/admin/offices`: the office tree, a form to add an office, and an edit page per office. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin } from '../../../auth/guards';
import { AppError } from '../../../core/errors';
import { listOffices } from '../../../directory/offices.repository';
import { flattenOfficeTree, type OfficeNode } from '../../../directory/office-tree';
import { createOffice } from '../../../directory/commands/create-office';
import { updateOffice } from '../../../directory/commands/update-office';
import { sendPage } from '../../render';
import { CsrfField, FormErrors, StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { attempt, formCheckbox, formField } from '../../staff-forms';
import { CheckboxField, Notice, Section, SelectField, StatusBadge, TextField, type FormErrorsMap, type FormValues } from './admin-components';

const BASE = '/staff/admin/offices';

function parentOptions(page: StaffPageContext, tree: OfficeNode[], exceptId?: number) {
  return [
    { value: '', label: page.t('admin.offices.noParent') },
    ...tree
      .filter((o) => o.id !== exceptId)
      .map((o) => ({ value: String(o.id), label: o.active ? o.path : `${o.path} (${page.t('admin.offices.inactive')})` })),
  ];
}

function OfficeFields({ page, tree, values, errors, exceptId }: { page: StaffPageContext; tree: OfficeNode[]; values: FormValues; errors: FormErrorsMap; exceptId?: number }) {
  const { t } = page;
  return (
    <>
      <TextField id="name" label={t('admin.offices.name')} value={values.name} errors={errors} required maxLength={200} />
      <TextField id="code" label={t('admin.offices.code')} value={values.code} errors={errors} maxLength={40} help={t('admin.offices.codeHelp')} class="col-12 col-md-3" />
      <SelectField id="parentId" label={t('admin.offices.parent')} value={values.parentId} errors={errors} options={parentOptions(page, tree, exceptId)} class="col-12 col-md-9" />
    </>
  );
}

function readOfficeForm(body: unknown) {
  const parent = formField(body, 'parentId');
  const parentId = parent === '' ? null : Number(parent);
  if (parentId !== null && !Number.isInteger(parentId)) throw new AppError('VALIDATION_FAILED', undefined, { parentId: { key: 'field.officeUnknown' } });
  return { name: formField(body, 'name'), code: formField(body, 'code'), parentId };
}

export async function adminOfficePages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock });

  async function renderList(request: FastifyRequest, reply: FastifyReply, state: { values?: FormValues; errors?: FormErrorsMap; notice?: string } = {}, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const tree = flattenOfficeTree(await listOffices(ctx.database.db));
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.offices.title')}>
        <h1 class="h3">{t('admin.offices.title')}</h1>
        <p class="text-secondary">{t('admin.offices.intro')}</p>
        <Notice message={state.notice} />
        <Section id="offices-list" title={t('admin.offices.count', { count: tree.length })}>
          {tree.length === 0 ? (
            <p class="mb-0">{t('admin.offices.none')}</p>
          ) : (
            <div class="table-responsive">
              <table class="table table-sm table-hover align-middle mb-0 office-tree">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.offices.name')}</th>
                    <th scope="col">{t('admin.offices.code')}</th>
                    <th scope="col">{t('admin.status')}</th>
                    <th scope="col">{t('admin.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {tree.map((o) => (
                    <tr class={o.active ? undefined : 'text-secondary'}>
                      <td class={`office-depth-${Math.min(o.depth, 6)}`}>
                        {o.depth > 0 ? <span aria-hidden="true" class="office-branch">└ </span> : null}
                        <span title={o.path}>{o.name}</span>
                      </td>
                      <td>{o.code ?? ''}</td>
                      <td><StatusBadge page={page} active={o.active} feminine /></td>
                      <td>
                        <a class="btn btn-sm btn-outline-primary" href={`${BASE}/${o.id}`} aria-label={t('admin.editLabel', { name: o.name })}>{t('admin.edit')}</a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
        <Section id="office-new" title={t('admin.offices.new')}>
          <FormErrors page={page} errors={state.errors} />
          <form method="post" action={BASE} class="row g-3">
            <CsrfField page={page} />
            <OfficeFields page={page} tree={tree} values={state.values ?? {}} errors={state.errors} />
            <div class="col-12">
              <button type="submit" class="btn btn-primary">{t('admin.offices.create')}</button>
            </div>
          </form>
        </Section>
      </StaffLayout>,
      status,
    );
  }

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, id: number, state: { values?: FormValues; errors?: FormErrorsMap } = {}, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const tree = flattenOfficeTree(await listOffices(ctx.database.db));
    const office = tree.find((o) => o.id === id);
    if (!office) throw new AppError('NOT_FOUND');
    const values = state.values ?? { name: office.name, code: office.code ?? '', parentId: office.parentId === null ? '' : String(office.parentId), active: office.active ? '1' : '' };
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.offices.editTitle')}>
        <p><a href={BASE}>← {t('admin.back')}</a></p>
        <h1 class="h3">{t('admin.offices.editTitle')}: {office.name}</h1>
        <Section id="office-edit" title={office.path}>
          <FormErrors page={page} errors={state.errors} />
          <form method="post" action={`${BASE}/${id}`} class="row g-3">
            <CsrfField page={page} />
            <OfficeFields page={page} tree={tree} values={values} errors={state.errors} exceptId={id} />
            <CheckboxField id="active" label={t('admin.activeCheckboxF')} checked={values.active === '1'} errors={state.errors} />
            <div class="col-12">
              <button type="submit" class="btn btn-primary">{t('admin.save')}</button>
            </div>
          </form>
        </Section>
      </StaffLayout>,
      status,
    );
  }

  app.get<{ Querystring: { done?: string; name?: string } }>(BASE, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const { t } = staffPageContext(request);
    const { done, name } = request.query;
    const notice = done === 'created' ? t('admin.created', { name: name ?? '' }) : done === 'saved' ? t('admin.saved') : undefined;
    return renderList(request, reply, { notice });
  });

  app.post(BASE, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const values = { name: formField(request.body, 'name'), code: formField(request.body, 'code'), parentId: formField(request.body, 'parentId') };
    const result = await attempt(request.locale, async () => createOffice(deps(), readOfficeForm(request.body)));
    if (!result.ok) return renderList(request, reply, { values, errors: result.errors }, result.status);
    return reply.redirect(`${BASE}?done=created&name=${encodeURIComponent(result.value.name)}`, 303);
  });

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) =>
    renderEdit(request, reply, Number(request.params.id)),
  );

  app.post<{ Params: { id: string } }>(`${BASE}/:id`, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const id = Number(request.params.id);
    const values = { name: formField(request.body, 'name'), code: formField(request.body, 'code'), parentId: formField(request.body, 'parentId'), active: formCheckbox(request.body, 'active') ? '1' : '' };
    const result = await attempt(request.locale, async () => updateOffice(deps(), id, { ...readOfficeForm(request.body), active: formCheckbox(request.body, 'active') }));
    if (!result.ok) {
      if (result.status === 404) throw new AppError('NOT_FOUND');
      return renderEdit(request, reply, id, { values, errors: result.errors }, result.status);
    }
    return reply.redirect(`${BASE}?done=saved`, 303);
  });
}
