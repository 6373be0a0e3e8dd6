/** `/staff/admin/categories`: categories in their order ("Otros" last), add, rename, reorder, (de)activate. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin } from '../../../auth/guards';
import { AppError } from '../../../core/errors';
import { findCategory, listAllCategories } from '../../../categories/categories.repository';
import { createCategory, updateCategory } from '../../../categories/commands/save-category';
import { sendPage } from '../../render';
import { StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { formCheckbox, formField, formInteger, submitForm } from '../../staff-forms';
import { CheckboxField, EditButton, EditHeading, FormCard, ListHeading, StatusBadge, TableCard, TextField, doneNotice, type FormErrorsMap, type FormValues } from './admin-components';

const BASE = '/staff/admin/categories';

/** An empty order field means "after the others"; anything else must be a whole number (the command says so). */
function readSortOrder(body: unknown): number | undefined {
  return formField(body, 'sortOrder').trim() ? formInteger(body, 'sortOrder') : undefined;
}

const labelsOf = (page: StaffPageContext) => ({ name: page.t('admin.categories.name'), sortOrder: page.t('admin.categories.sortOrder') });

export async function adminCategoryPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock });

  async function renderList(request: FastifyRequest, reply: FastifyReply, state: { values?: FormValues; errors?: FormErrorsMap; notice?: string } = {}, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const categories = await listAllCategories(ctx.database.db);
    const values = state.values ?? {};
    const labels = labelsOf(page);
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.categories.title')}>
        <ListHeading title={t('admin.categories.title')} intro={t('admin.categories.intro')} notice={state.notice} />
        <TableCard label={t('admin.categories.title')} columns={[t('admin.categories.sortOrder'), t('admin.categories.name'), t('admin.status'), t('admin.actions')]}>
          {categories.map((c) => (
            <tr class={c.active ? undefined : 'text-secondary'}>
              <td>{c.isOther ? <em>{t('admin.categories.alwaysLast')}</em> : c.sortOrder}</td>
              <td>{c.name}</td>
              <td>
                <StatusBadge page={page} active={c.active} feminine />
              </td>
              <td>
                <EditButton page={page} href={`${BASE}/${c.id}`} name={c.name} />
              </td>
            </tr>
          ))}
        </TableCard>
        <FormCard page={page} id="category-new" title={t('admin.categories.new')} action={BASE} errors={state.errors} labels={labels} submit={t('admin.categories.create')}>
          <TextField id="name" label={labels.name} value={values.name} errors={state.errors} required maxLength={120} />
          <TextField
            id="sortOrder"
            label={labels.sortOrder}
            value={values.sortOrder}
            errors={state.errors}
            inputMode="numeric"
            maxLength={6}
            help={t('admin.categories.sortOrderHelp')}
            class="col-12 col-md-3"
          />
        </FormCard>
      </StaffLayout>,
      status,
    );
  }

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, id: number, state: { values?: FormValues; errors?: FormErrorsMap } = {}, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const category = Number.isInteger(id) ? await findCategory(ctx.database.db, id) : null;
    if (!category) throw new AppError('NOT_FOUND');
    const values = state.values ?? { name: category.name, sortOrder: String(category.sortOrder), active: category.active ? '1' : '' };
    const labels = labelsOf(page);
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.categories.editTitle')}>
        <EditHeading page={page} back={BASE}>
          {t('admin.categories.editTitle')}: {category.name}
        </EditHeading>
        <FormCard page={page} id="category-edit" title={category.name} action={`${BASE}/${id}`} errors={state.errors} labels={labels} submit={t('admin.save')}>
          <TextField id="name" label={labels.name} value={values.name} errors={state.errors} required maxLength={120} />
          {category.isOther ? null : (
            <TextField
              id="sortOrder"
              label={labels.sortOrder}
              value={values.sortOrder}
              errors={state.errors}
              inputMode="numeric"
              maxLength={6}
              help={t('admin.categories.sortOrderHelp')}
              class="col-12 col-md-3"
            />
          )}
          <CheckboxField id="active" label={t('admin.activeCheckboxF')} checked={values.active === '1'} errors={state.errors} />
        </FormCard>
      </StaffLayout>,
      status,
    );
  }

  app.get<{ Querystring: { done?: string; name?: string } }>(BASE, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    return renderList(request, reply, { notice: doneNotice(staffPageContext(request), request.query.done, request.query.name) });
  });

  app.post(BASE, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const values = { name: formField(request.body, 'name'), sortOrder: formField(request.body, 'sortOrder') };
    return submitForm(reply, request.locale, () => createCategory(deps(), { name: values.name, sortOrder: readSortOrder(request.body) }), {
      redirectTo: (created) => `${BASE}?done=created&name=${encodeURIComponent(created.name)}`,
      rerender: (errors, status) => renderList(request, reply, { values, errors }, status),
    });
  });

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => renderEdit(request, reply, Number(request.params.id)));

  app.post<{ Params: { id: string } }>(`${BASE}/:id`, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const id = Number(request.params.id);
    const values = { name: formField(request.body, 'name'), sortOrder: formField(request.body, 'sortOrder'), active: formCheckbox(request.body, 'active') ? '1' : '' };
    return submitForm(reply, request.locale, () => updateCategory(deps(), id, { name: values.name, sortOrder: readSortOrder(request.body), active: values.active === '1' }), {
      redirectTo: () => `${BASE}?done=saved`,
      rerender: (errors, status) => renderEdit(request, reply, id, { values, errors }, status),
    });
  });
}
