/**
 * Two-step verification on the profile page: a section saying whether it is on, a page with the
 * QR code (drawn on the server as SVG, so it works without JavaScript and without any CDN) and
 * the first-code form, and a page showing the ten recovery codes once (Post/Redirect/Get: a
 * reload does not show them again).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { requireStaff } from '../../../auth/guards';
import { confirmTotpEnrolment, pendingEnrolment, startTotpEnrolment } from '../../../auth/commands/totp-enrolment';
import { countUnusedRecoveryCodes } from '../../../auth/totp/totp.repository';
import { sendPage } from '../../render';
import { CsrfField, FormErrors, StaffLayout, staffPageContext, type StaffPageContext } from '../../staff-layout';
import { attempt, formField } from '../../staff-forms';
import { putOnce, takeOnce } from '../../flash';
import { registerProfileSection } from './profile-sections';
import { Section } from '../../card-section';
import { SubmitColumn } from '../admin/admin-components';

const ENROL_PAGE = '/staff/profile/totp';
const CODES_PAGE = '/staff/profile/totp/recovery-codes';

function TotpSection({ page, enabled, codesLeft, required }: { page: StaffPageContext; enabled: boolean; codesLeft: number; required: boolean }) {
  const { t } = page;
  return (
    <Section id="totp-title" title={t('totp.title')}>
      {required ? (
        <div class="alert alert-warning" role="alert">
          {t('totp.required')}
        </div>
      ) : null}
      <p class="text-secondary">{t('totp.intro')}</p>
      {enabled ? (
        <>
          <p class="mb-1">
            <strong>{t('totp.on', { count: codesLeft })}</strong>
          </p>
          <p class="text-secondary mb-0">{t('totp.lost')}</p>
        </>
      ) : (
        <>
          <p>{t('totp.off')}</p>
          <form method="post" action={ENROL_PAGE}>
            <CsrfField page={page} />
            <button type="submit" class="btn btn-primary">
              {t('totp.start')}
            </button>
          </form>
        </>
      )}
    </Section>
  );
}

export async function totpPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const db = ctx.database.db;
  registerProfileSection({
    id: 'totp',
    order: 5,
    async render(request, page) {
      const enabled = page.actor.totpEnabled === true;
      return <TotpSection page={page} enabled={enabled} codesLeft={enabled ? await countUnusedRecoveryCodes(db, page.actor.userId) : 0} required={request.totpEnrolmentPending} />;
    },
  });

  async function renderEnrolment(request: FastifyRequest, reply: FastifyReply, errors?: Record<string, string>, status = 200) {
    const page = staffPageContext(request);
    const { t } = page;
    const pending = await pendingEnrolment({ db, clock: ctx.clock, actor: page.actor, secretKey: ctx.config.secretKey });
    if (!pending) return reply.redirect('/staff/profile#totp-title', 303);
    const svg = await QRCode.toString(pending.otpauthUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    const key = pending.secret.replace(/(.{4})/g, '$1 ').trim();
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('totp.title')}>
        <h1 class="h3 mb-3">{t('totp.title')}</h1>
        <div class="card mb-4">
          <div class="card-body">
            <p>{t('totp.scan')}</p>
            <p class="font-monospace fs-5 text-break" id="totp-secret">
              {key}
            </p>
            <div class="totp-qr mb-3 col-8 col-sm-5 col-md-3 px-0 bg-white" role="img" aria-label={t('totp.qrAlt')} dangerouslySetInnerHTML={{ __html: svg }} />
            <FormErrors page={page} errors={errors} />
            <form method="post" action="/staff/profile/totp/confirm" class="row g-2 align-items-end">
              <CsrfField page={page} />
              <div class="col-12 col-sm-6 col-md-4">
                <label class="form-label" for="code">
                  {t('totp.code')}
                </label>
                <input
                  class={`form-control form-control-lg font-monospace${errors?.code ? ' is-invalid' : ''}`}
                  id="code"
                  name="code"
                  required
                  inputMode="numeric"
                  autocomplete="one-time-code"
                  maxLength={10}
                  pattern="[0-9 ]{6,7}"
                />
              </div>
              <SubmitColumn label={t('totp.confirm')} class="col-12 col-sm-auto" button="btn btn-primary btn-lg" />
            </form>
          </div>
        </div>
        <p>
          <a href="/staff/profile">{t('staff.nav.profile')}</a>
        </p>
      </StaffLayout>,
      status,
    );
  }

  app.post(ENROL_PAGE, { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const result = await attempt(request.locale, () => startTotpEnrolment({ db, clock: ctx.clock, actor: page.actor, secretKey: ctx.config.secretKey }));
    if (!result.ok && result.error.code !== 'TOTP_ALREADY_ENROLLED') throw result.error;
    return reply.redirect(result.ok ? ENROL_PAGE : '/staff/profile#totp-title', 303);
  });

  app.get(ENROL_PAGE, { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => renderEnrolment(request, reply));

  app.post('/staff/profile/totp/confirm', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const result = await attempt(request.locale, () => confirmTotpEnrolment({ db, clock: ctx.clock, actor: page.actor, secretKey: ctx.config.secretKey }, { code: formField(request.body, 'code') }));
    if (!result.ok) {
      if (result.error.code === 'VALIDATION_FAILED') return renderEnrolment(request, reply, result.errors, 422);
      return reply.redirect('/staff/profile#totp-title', 303);
    }
    putOnce(request, reply, 'totp', CODES_PAGE, { codes: result.value.recoveryCodes.join(' ') });
    return reply.redirect(CODES_PAGE, 303);
  });

  app.get(CODES_PAGE, { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    const page = staffPageContext(request);
    const { t } = page;
    const codes = takeOnce(request, reply, 'totp', CODES_PAGE)
      ?.codes?.split(' ')
      .filter((c) => /^[a-z0-9-]{12}$/.test(c));
    if (!codes?.length) return reply.redirect('/staff/profile#totp-title', 303);
    return sendPage(
      reply,
      <StaffLayout page={page} title={t('totp.title')}>
        <h1 class="h3 mb-3">{t('totp.title')}</h1>
        <div class="alert alert-success" role="status">
          {t('totp.done')}
        </div>
        <p>{t('totp.recoveryIntro')}</p>
        <ol class="font-monospace fs-5 recovery-codes">
          {codes.map((c) => (
            <li>{c}</li>
          ))}
        </ol>
        <p>
          <a class="btn btn-primary" href="/staff/profile">
            {t('staff.nav.profile')}
          </a>
        </p>
      </StaffLayout>,
    );
  });
}
