/** `/staff/admin/users`: staff accounts — create, edit role / state / duty, reset a password. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin } from '../../../auth/guards';
import { AppError } from '../../../core/errors';
import type { UserRole } from '../../../db/schema';
import { findUserById, listUsers } from '../../../auth/users.repository';
import { createUser } from '../../../auth/commands/create-user';
import { updateUser } from '../../../auth/commands/update-user';
import { resetPassword } from '../../../auth/commands/reset-password';
import { resetTotp } from '../../../auth/commands/reset-totp';
import { sendPage } from '../../render';
import { PostButton } from '../../post-button';
import { StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { formCheckbox, formField, submitForm } from '../../staff-forms';
import { listAndEditRoutes, type PageState } from './list-and-edit';
import { CheckboxField, EditButton, EditHeading, FormCard, ListHeading, Notice, SelectField, StatusBadge, TableCard, TextField, type FormErrorsMap, type FormValues } from './admin-components';
import { Section } from '../../card-section';

const BASE = '/staff/admin/users';

const roleOptions = (page: StaffPageContext) => [
  { value: 'technician', label: page.t('staff.role.technician') },
  { value: 'admin', label: page.t('staff.role.admin') },
];

/** The role as chosen; anything else is named by the command with the other fields' problems. */
const readRole = (body: unknown): UserRole => formField(body, 'role') as UserRole;

const labelsOf = (page: StaffPageContext) => ({
  username: page.t('admin.users.username'),
  fullName: page.t('admin.users.fullName'),
  password: page.t('admin.users.password'),
  role: page.t('admin.users.role'),
});

export async function adminUserPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock });

  async function renderList(request: FastifyRequest, reply: FastifyReply, state: PageState, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const users = await listUsers(ctx.database.db);
    const values = state.values ?? { role: 'technician', onDuty: '1' };
    const labels = labelsOf(page);
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.users.title')}>
        <ListHeading title={t('admin.users.title')} intro={t('admin.users.intro')} notice={state.notice} />
        <TableCard
          label={t('admin.users.title')}
          columns={[t('admin.users.username'), t('admin.users.fullName'), t('admin.users.role'), t('admin.status'), t('admin.users.onDuty'), t('admin.users.telegram'), t('admin.actions')]}
        >
          {users.map((u) => (
            <tr class={u.active ? undefined : 'text-secondary'}>
              <td class="font-monospace">
                {u.username} {u.id === page.actor.userId ? <span class="text-secondary">{t('admin.users.you')}</span> : null}
              </td>
              <td>{u.fullName}</td>
              <td>{t(u.role === 'admin' ? 'staff.role.admin' : 'staff.role.technician')}</td>
              <td>
                <StatusBadge page={page} active={u.active} />
              </td>
              <td>{u.onDuty ? t('forms.yes') : t('forms.no')}</td>
              <td>{u.telegramLinked ? t('admin.users.linked') : t('admin.users.notLinked')}</td>
              <td>
                <EditButton page={page} href={`${BASE}/${u.id}`} name={u.fullName} />
              </td>
            </tr>
          ))}
        </TableCard>
        <FormCard page={page} id="user-new" title={t('admin.users.new')} action={BASE} errors={state.errors} labels={labels} submit={t('admin.users.create')}>
          <TextField id="username" label={labels.username} value={values.username} errors={state.errors} required maxLength={60} autocomplete="off" help={t('admin.users.usernameHelp')} />
          <TextField id="fullName" label={labels.fullName} value={values.fullName} errors={state.errors} required maxLength={200} />
          <TextField id="password" label={labels.password} type="password" errors={state.errors} required minLength={8} autocomplete="new-password" help={t('admin.users.passwordHelp')} />
          <SelectField id="role" label={labels.role} value={values.role} errors={state.errors} options={roleOptions(page)} />
          <CheckboxField id="onDuty" label={t('admin.users.onDuty')} help={t('admin.users.onDutyHelp')} checked={values.onDuty === '1'} errors={state.errors} />
        </FormCard>
      </StaffLayout>,
      status,
    );
  }

  async function renderEdit(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    state: { values?: FormValues; errors?: FormErrorsMap; resetErrors?: FormErrorsMap; notice?: string } = {},
    status = 200,
  ) {
    const page = staffPageContext(request);
    const { t } = page;
    const user = Number.isInteger(id) ? await findUserById(ctx.database.db, id) : null;
    if (!user) throw new AppError('NOT_FOUND');
    const values = state.values ?? { fullName: user.fullName, role: user.role, active: user.active ? '1' : '', onDuty: user.onDuty ? '1' : '' };
    const labels = labelsOf(page);
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('admin.users.editTitle')}>
        <EditHeading page={page} back={BASE}>
          {t('admin.users.editTitle')}: {user.username}
        </EditHeading>
        <Notice message={state.notice} />
        <FormCard page={page} id="user-edit" title={user.fullName} action={`${BASE}/${id}`} errors={state.errors} labels={labels} submit={t('admin.save')}>
          <TextField id="fullName" label={labels.fullName} value={values.fullName} errors={state.errors} required maxLength={200} />
          <SelectField id="role" label={labels.role} value={values.role} errors={state.errors} options={roleOptions(page)} />
          <CheckboxField id="onDuty" label={t('admin.users.onDuty')} help={t('admin.users.onDutyHelp')} checked={values.onDuty === '1'} errors={state.errors} />
          <CheckboxField id="active" label={t('admin.activeCheckbox')} checked={values.active === '1'} errors={state.errors} />
        </FormCard>
        <FormCard
          page={page}
          id="user-reset"
          title={t('admin.users.reset.title')}
          action={`${BASE}/${id}/password`}
          errors={state.resetErrors}
          labels={{ password: t('admin.users.reset.password') }}
          submit={t('admin.users.reset.submit')}
          submitClass="btn btn-outline-danger"
        >
          <input type="text" name="username" value={user.username} autocomplete="username" class="visually-hidden" tabIndex={-1} aria-hidden="true" readOnly />
          <TextField
            id="password"
            label={t('admin.users.reset.password')}
            type="password"
            errors={state.resetErrors}
            required
            minLength={8}
            autocomplete="new-password"
            help={t('admin.users.passwordHelp')}
          />
        </FormCard>
        {user.totpEnabled ? (
          <Section id="user-totp" title={t('totp.title')}>
            <p class="text-secondary">{t('admin.users.totpReset.help')}</p>
            <PostButton page={page} action={`${BASE}/${id}/totp/reset`} label={t('admin.users.totpReset.submit')} class="btn btn-outline-danger" />
          </Section>
        ) : null}
      </StaffLayout>,
      status,
    );
  }

  listAndEditRoutes(app, {
    base: BASE,
    renderList,
    renderEdit,
    readNew: (body) => ({ username: formField(body, 'username'), fullName: formField(body, 'fullName'), role: formField(body, 'role'), onDuty: formCheckbox(body, 'onDuty') ? '1' : '' }),
    create: ({ body }) =>
      createUser(deps(), {
        username: formField(body, 'username'),
        fullName: formField(body, 'fullName'),
        password: formField(body, 'password'),
        role: readRole(body),
        onDuty: formCheckbox(body, 'onDuty'),
      }),
    createdName: (created) => created.username,
    readEdit: (body) => ({ fullName: formField(body, 'fullName'), role: formField(body, 'role'), active: formCheckbox(body, 'active') ? '1' : '', onDuty: formCheckbox(body, 'onDuty') ? '1' : '' }),
    update: (request, id) =>
      updateUser({ ...deps(), actor: staffPageContext(request).actor }, id, {
        fullName: formField(request.body, 'fullName'),
        role: readRole(request.body),
        active: formCheckbox(request.body, 'active'),
        onDuty: formCheckbox(request.body, 'onDuty'),
      }),
    editNotice: (request) => {
      const { done } = request.query as { done?: string };
      return done === 'reset' ? staffPageContext(request).t('admin.users.reset.done') : done === 'saved' ? staffPageContext(request).t('admin.saved') : undefined;
    },
  });

  app.post<{ Params: { id: string } }>(`${BASE}/:id/password`, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const id = Number(request.params.id);
    return submitForm(
      reply,
      request.locale,
      () => resetPassword({ db: ctx.database.db, clock: ctx.clock, actor: staffPageContext(request).actor, currentSessionId: request.sessionId }, id, formField(request.body, 'password')),
      { redirectTo: () => `${BASE}/${id}?done=reset`, rerender: (errors, status) => renderEdit(request, reply, id, { resetErrors: errors }, status) },
    );
  });

  app.post<{ Params: { id: string } }>(`${BASE}/:id/totp/reset`, { preHandler: requireAdmin, schema: { hide: true } }, async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || id < 1) throw new AppError('NOT_FOUND');
    await resetTotp({ db: ctx.database.db, clock: ctx.clock, actor: staffPageContext(request).actor }, id);
    return reply.redirect(`${BASE}/${id}?done=saved`, 303);
  });
}
