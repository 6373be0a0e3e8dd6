/**
 * The profile page of any staff user: account details, password change, personal API tokens,
 * and the sections other areas register (see `profile-sections.ts`, e.g. "Vincular Telegram").
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { sendPage } from '../../render';
import { PostButton } from '../../post-button';
import { CsrfField, FormErrors, formatDateTime, StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { formField, submitForm } from '../../staff-forms';
import { requireStaff } from '../../../auth/guards';
import { changePassword } from '../../../auth/commands/change-password';
import { createApiToken } from '../../../auth/commands/create-api-token';
import { revokeApiToken } from '../../../auth/commands/revoke-api-token';
import { listApiTokens, type ApiTokenSummary } from '../../../auth/api-tokens.repository';
import { findUserById } from '../../../auth/users.repository';
import { AppError } from '../../../core/errors';
import { profileSections } from './profile-sections';
import { CheckboxField, FormCard, SubmitColumn, TextField } from '../admin/admin-components';
import { putOnce, takeOnce } from '../../flash';
import { Section } from '../../card-section';
import { DataTable } from '../../staff-table';

const PROFILE = '/staff/profile';

interface ProfileState {
  notice?: string;
  passwordErrors?: Record<string, string>;
  tokenErrors?: Record<string, string>;
  newToken?: { name: string; token: string };
}

function PasswordSection({ page, errors, directory }: { page: StaffPageContext; errors?: Record<string, string>; directory: boolean }) {
  const { t } = page;
  // A directory (LDAP/AD) account's password is the institution's: no form that could only answer 409.
  if (directory)
    return (
      <Section id="password-title" title={t('profile.password.directoryTitle')}>
        <p class="mb-0">{t('profile.password.directory')}</p>
      </Section>
    );
  const labels = { currentPassword: t('profile.password.current'), newPassword: t('profile.password.new'), confirmPassword: t('profile.password.confirm') };
  return (
    <FormCard page={page} id="password-title" title={t('profile.password.title')} action="/staff/profile/password" errors={errors} labels={labels} submit={t('profile.password.submit')}>
      <input type="text" name="username" value={page.actor.username} autocomplete="username" class="visually-hidden" tabIndex={-1} aria-hidden="true" readOnly />
      <TextField id="currentPassword" label={labels.currentPassword} type="password" errors={errors} required autocomplete="current-password" class="col-12 col-md-4" />
      <TextField
        id="newPassword"
        label={labels.newPassword}
        type="password"
        errors={errors}
        required
        minLength={8}
        autocomplete="new-password"
        help={t('profile.password.newHelp')}
        class="col-12 col-md-4"
      />
      <TextField id="confirmPassword" label={labels.confirmPassword} type="password" errors={errors} required minLength={8} autocomplete="new-password" class="col-12 col-md-4" />
      <CheckboxField id="revokeTokens" label={t('profile.password.revokeTokens')} checked={false} errors={errors} />
    </FormCard>
  );
}

function TokensSection({ page, tokens, errors, newToken }: { page: StaffPageContext; tokens: ApiTokenSummary[]; errors?: Record<string, string>; newToken?: { name: string; token: string } }) {
  const { t } = page;
  return (
    <Section id="tokens-title" title={t('profile.tokens.title')}>
      <p class="text-secondary">{t('profile.tokens.intro')}</p>
      {newToken ? (
        <div class="alert alert-success" role="status">
          <p>{t('profile.tokens.created', { name: newToken.name })}</p>
          <label class="form-label fw-bold" for="new-token">
            {t('profile.tokens.value')}
          </label>
          <input class="form-control font-monospace" id="new-token" readOnly value={newToken.token} />
        </div>
      ) : null}
      <FormErrors page={page} errors={errors} />
      <form method="post" action="/staff/profile/tokens" class="row g-2 align-items-end mb-3">
        <CsrfField page={page} />
        <div class="col-12 col-md-6">
          <label class="form-label" for="name">
            {t('profile.tokens.name')}
          </label>
          <input class="form-control" id="name" name="name" required maxLength={100} aria-describedby="name-help" />
          <div class="form-text" id="name-help">
            {t('profile.tokens.nameHelp')}
          </div>
        </div>
        <SubmitColumn label={t('profile.tokens.create')} class="col-12 col-md-auto mb-md-4" />
      </form>
      {tokens.length === 0 ? (
        <p class="mb-0">{t('profile.tokens.none')}</p>
      ) : (
        <DataTable
          class="table table-sm align-middle mb-0"
          columns={[t('profile.tokens.name'), t('profile.tokens.createdAt'), t('profile.tokens.lastUsed'), t('profile.tokens.status'), t('profile.tokens.actions')]}
        >
          {tokens.map((tok) => (
            <tr>
              <td>{tok.name}</td>
              <td>{formatDateTime(page, tok.createdAt)}</td>
              <td>{tok.lastUsedAt === null ? t('profile.tokens.never') : formatDateTime(page, tok.lastUsedAt)}</td>
              <td>{tok.revokedAt === null ? t('profile.tokens.active') : t('profile.tokens.revoked')}</td>
              <td>
                {tok.revokedAt === null ? (
                  <PostButton
                    page={page}
                    action={`/staff/profile/tokens/${tok.id}/revoke`}
                    label={t('profile.tokens.revoke')}
                    ariaLabel={t('profile.tokens.revokeLabel', { name: tok.name })}
                    class="btn btn-sm btn-outline-danger"
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}

export async function profilePages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const db = ctx.database.db;

  async function render(request: FastifyRequest, reply: FastifyReply, state: ProfileState = {}, status = 200) {
    const page = staffPageContext(request);
    const { t, actor } = page;
    const tokens = await listApiTokens(db, actor.userId);
    const directory = (await findUserById(db, actor.userId))?.authSource === 'ldap';
    const extra: VNode[] = [];
    for (const section of profileSections) {
      const node = await section.render(request, page);
      if (node) extra.push(node);
    }
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('profile.title')}>
        <h1 class="h3 mb-3">{t('profile.title')}</h1>
        {state.notice ? (
          <div class="alert alert-success" role="status">
            {state.notice}
          </div>
        ) : null}
        <Section id="account-title" title={t('profile.account')}>
          <dl class="row mb-0">
            <dt class="col-sm-3">{t('profile.fullName')}</dt>
            <dd class="col-sm-9">{actor.fullName}</dd>
            <dt class="col-sm-3">{t('profile.username')}</dt>
            <dd class="col-sm-9">{actor.username}</dd>
            <dt class="col-sm-3">{t('profile.role')}</dt>
            <dd class="col-sm-9 mb-0">{t(actor.role === 'admin' ? 'staff.role.admin' : 'staff.role.technician')}</dd>
          </dl>
        </Section>
        <PasswordSection page={page} errors={state.passwordErrors} directory={directory} />
        <TokensSection page={page} tokens={tokens} errors={state.tokenErrors} newToken={state.newToken} />
        {/* Slot: sections registered by other areas (e.g. "Vincular Telegram"). */}
        {extra}
      </StaffLayout>,
      status,
    );
  }

  app.get<{ Querystring: { done?: string } }>('/staff/profile', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const t = staffPageContext(request).t;
    const done = request.query.done;
    const notice = done === 'password' ? t('profile.password.done') : done === 'revoked' ? t('profile.tokens.revokedDone') : undefined;
    const once = takeOnce(request, reply, 'token', PROFILE);
    const newToken = once?.name !== undefined && once.token ? { name: once.name, token: once.token } : undefined;
    return render(request, reply, { notice, newToken });
  });

  app.post('/staff/profile/password', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const newPassword = formField(request.body, 'newPassword');
    const confirmPassword = formField(request.body, 'confirmPassword');
    return submitForm(
      reply,
      request.locale,
      () =>
        changePassword(
          { db, dialect: ctx.database.dialect, clock: ctx.clock, actor: page.actor, currentSessionId: request.sessionId, ip: request.ip },
          { currentPassword: formField(request.body, 'currentPassword'), newPassword, confirmPassword, revokeTokens: formField(request.body, 'revokeTokens') === '1' },
        ),
      { redirectTo: () => `${PROFILE}?done=password`, rerender: (errors, status) => render(request, reply, { passwordErrors: errors }, status) },
    );
  });

  app.post('/staff/profile/tokens', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const name = formField(request.body, 'name').trim();
    if (!name || name.length > 100) {
      return render(request, reply, { tokenErrors: { name: page.t(name ? 'field.maxLength' : 'field.required', { limit: 100 }) } }, 422);
    }
    const created = await createApiToken({ db, dialect: ctx.database.dialect, clock: ctx.clock, actor: page.actor }, { name });
    // Shown once, by the page the browser is sent to: a reload never creates a second token.
    putOnce(request, reply, 'token', PROFILE, { name: created.name, token: created.token });
    return reply.redirect(`${PROFILE}#tokens-title`, 303);
  });

  app.post<{ Params: { id: string } }>('/staff/profile/tokens/:id/revoke', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || id < 1) throw new AppError('NOT_FOUND');
    await revokeApiToken({ db, clock: ctx.clock, actor: staffPageContext(request).actor }, id);
    return reply.redirect('/staff/profile?done=revoked', 303);
  });
}
