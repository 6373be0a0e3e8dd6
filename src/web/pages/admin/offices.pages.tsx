/** `/staff/admin/offices`: the office tree, a form to add an office, and an edit page per office. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors';
import { listOffices } from '../../../directory/offices.repository';
import { flattenOfficeTree, type OfficeNode } from '../../../directory/office-tree';
import { createOffice } from '../../../directory/commands/create-office';
import { updateOffice } from '../../../directory/commands/update-office';
import { sendPage } from '../../render';
import { StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { formCheckbox, formField } from '../../staff-forms';
import { listAndEditRoutes, type PageState } from './list-and-edit';
import { CheckboxField, EditButton, EditHeading, FormCard, ListHeading, SelectField, StatusBadge, TableCard, TextField, type FormErrorsMap, type FormValues } from './admin-components';
import { Section } from '../../card-section';

const BASE = '/staff/admin/offices';

function parentOptions(page: StaffPageContext, tree: OfficeNode[], exceptId?: number) {
  return [
    { value: '', label: page.t('admin.offices.noParent') },
    ...tree.filter((o) => o.id !== exceptId).map((o) => ({ value: String(o.id), label: o.active ? o.path : `${o.path} (${page.t('admin.offices.inactive')})` })),
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

/** The form as typed; a parent that is not an office id is named by the command with the other fields. */
function readOfficeForm(body: unknown) {
  const parent = formField(body, 'parentId');
  return { name: formField(body, 'name'), code: formField(body, 'code'), parentId: parent === '' ? null : Number(parent) };
}

const labelsOf = (page: StaffPageContext) => ({ name: page.t('admin.offices.name'), code: page.t('admin.offices.code'), parentId: page.t('admin.offices.parent') });

export async function adminOfficePages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock });

  async function renderList(request: FastifyRequest, reply: FastifyReply, state: PageState, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const tree = flattenOfficeTree(await listOffices(ctx.database.db));
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.offices.title')}>
        <ListHeading title={t('admin.offices.title')} intro={t('admin.offices.intro')} notice={state.notice} />
        {tree.length === 0 ? (
          <Section id="offices-list" title={t('admin.offices.count', { count: 0 })}>
            <p class="mb-0">{t('admin.offices.none')}</p>
          </Section>
        ) : (
          <TableCard
            id="offices-list"
            title={t('admin.offices.count', { count: tree.length })}
            label={t('admin.offices.title')}
            columns={[t('admin.offices.name'), t('admin.offices.code'), t('admin.status'), t('admin.actions')]}
            bodyClass="office-tree"
          >
            {tree.map((o) => (
              <tr class={o.active ? undefined : 'text-secondary'}>
                <td class={`office-depth-${Math.min(o.depth, 6)}`}>
                  {o.depth > 0 ? (
                    <span aria-hidden="true" class="office-branch">
                      └{' '}
                    </span>
                  ) : null}
                  <span title={o.path}>{o.name}</span>
                </td>
                <td>{o.code ?? ''}</td>
                <td>
                  <StatusBadge page={page} active={o.active} feminine />
                </td>
                <td>
                  <EditButton page={page} href={`${BASE}/${o.id}`} name={o.name} />
                </td>
              </tr>
            ))}
          </TableCard>
        )}
        <FormCard page={page} id="office-new" title={t('admin.offices.new')} action={BASE} errors={state.errors} labels={labelsOf(page)} submit={t('admin.offices.create')}>
          <OfficeFields page={page} tree={tree} values={state.values ?? {}} errors={state.errors} />
        </FormCard>
      </StaffLayout>,
      status,
    );
  }

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, id: number, state: PageState, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const tree = flattenOfficeTree(await listOffices(ctx.database.db));
    const office = tree.find((o) => o.id === id);
    if (!office) throw new AppError('NOT_FOUND');
    const values = state.values ?? { name: office.name, code: office.code ?? '', parentId: office.parentId === null ? '' : String(office.parentId), active: office.active ? '1' : '' };
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.offices.editTitle')}>
        <EditHeading page={page} back={BASE}>
          {t('admin.offices.editTitle')}: {office.name}
        </EditHeading>
        <FormCard page={page} id="office-edit" title={office.path} action={`${BASE}/${id}`} errors={state.errors} labels={labelsOf(page)} submit={t('admin.save')}>
          <OfficeFields page={page} tree={tree} values={values} errors={state.errors} exceptId={id} />
          <CheckboxField id="active" label={t('admin.activeCheckboxF')} checked={values.active === '1'} errors={state.errors} />
        </FormCard>
      </StaffLayout>,
      status,
    );
  }

  const typed = (body: unknown) => ({ name: formField(body, 'name'), code: formField(body, 'code'), parentId: formField(body, 'parentId') });
  listAndEditRoutes(app, {
    base: BASE,
    renderList,
    renderEdit,
    readNew: typed,
    create: (request) => createOffice(deps(), readOfficeForm(request.body)),
    createdName: (created) => created.name,
    readEdit: (body) => ({ ...typed(body), active: formCheckbox(body, 'active') ? '1' : '' }),
    update: (request, id) => updateOffice(deps(), id, { ...readOfficeForm(request.body), active: formCheckbox(request.body, 'active') }),
  });
}
