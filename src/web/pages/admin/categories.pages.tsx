/** `/staff/admin/categories`: categories in their order ("Otros" last), add, rename, reorder, (de)activate. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors';
import { findCategory, listAllCategories } from '../../../categories/categories.repository';
import { createCategory, updateCategory } from '../../../categories/commands/save-category';
import { sendPage } from '../../render';
import { StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { formCheckbox, formField, formInteger } from '../../staff-forms';
import { listAndEditRoutes, type PageState } from './list-and-edit';
import { CheckboxField, EditButton, EditHeading, FormCard, ListHeading, StatusBadge, TableCard, TextField, type FormErrorsMap, type FormValues } from './admin-components';

const BASE = '/staff/admin/categories';

/** An empty order field means "after the others"; anything else must be a whole number (the command says so). */
function readSortOrder(body: unknown): number | undefined {
  return formField(body, 'sortOrder').trim() ? formInteger(body, 'sortOrder') : undefined;
}

const labelsOf = (page: StaffPageContext) => ({ name: page.t('admin.categories.name'), sortOrder: page.t('admin.categories.sortOrder') });

/** The name and, unless it is "Otros", the order (empty: after the others). */
function CategoryFields({ page, values, errors, withOrder }: { page: StaffPageContext; values: FormValues; errors: FormErrorsMap; withOrder: boolean }) {
  const labels = labelsOf(page);
  return (
    <>
      <TextField id="name" label={labels.name} value={values.name} errors={errors} required maxLength={120} />
      {withOrder ? (
        <TextField
          id="sortOrder"
          label={labels.sortOrder}
          value={values.sortOrder}
          errors={errors}
          inputMode="numeric"
          maxLength={6}
          help={page.t('admin.categories.sortOrderHelp')}
          class="col-12 col-md-3"
        />
      ) : null}
    </>
  );
}

export async function adminCategoryPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock });

  async function renderList(request: FastifyRequest, reply: FastifyReply, state: PageState, status = 200) {
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
          <CategoryFields page={page} values={values} errors={state.errors} withOrder />
        </FormCard>
      </StaffLayout>,
      status,
    );
  }

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, id: number, state: PageState, status = 200) {
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
          {/* "Otros" stays last: no order to change. */}
          <CategoryFields page={page} values={values} errors={state.errors} withOrder={!category.isOther} />
          <CheckboxField id="active" label={t('admin.activeCheckboxF')} checked={values.active === '1'} errors={state.errors} />
        </FormCard>
      </StaffLayout>,
      status,
    );
  }

  listAndEditRoutes(app, {
    base: BASE,
    renderList,
    renderEdit,
    readNew: (body) => ({ name: formField(body, 'name'), sortOrder: formField(body, 'sortOrder') }),
    create: (request) => createCategory(deps(), { name: formField(request.body, 'name'), sortOrder: readSortOrder(request.body) }),
    createdName: (created) => created.name,
    readEdit: (body) => ({ name: formField(body, 'name'), sortOrder: formField(body, 'sortOrder'), active: formCheckbox(body, 'active') ? '1' : '' }),
    update: (request, id) => updateCategory(deps(), id, { name: formField(request.body, 'name'), sortOrder: readSortOrder(request.body), active: formCheckbox(request.body, 'active') }),
  });
}
