/**
 * Sign-in and sign-out pages. The login form works without JavaScript. Before a session exists,
 * the form is protected by a double-submit token (a short-lived cookie equal to the `_csrf` field),
 * so another site cannot sign a browser into an account of its choosing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Layout } from '../../layout';
import { pageContext, sendPage, type PageContext } from '../../render';
import { FormErrors } from '../../staff-layout';
import { attempt, formField, safeNextPath } from '../../staff-forms';
import { logIn } from '../../../auth/commands/log-in';
import { logOut } from '../../../auth/commands/log-out';
import { requireStaff } from '../../../auth/guards';
import { isSecureSite } from '../../../auth/auth.plugin';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../../../auth/session-cookie';
import { newHexSecret, sameSecret } from '../../../auth/secrets';
import { openSealedCredentials, sealCredentials } from '../../../auth/login-seal';

const LOGIN_CSRF_COOKIE = 'itims_login_csrf';

interface LoginFormProps {
  page: PageContext;
  csrf: string;
  next: string;
  username?: string;
  errors?: Record<string, string>;
  notice?: string;
  /** Second step: the password was right, the account needs its TOTP code (credentials sealed). */
  sealed?: string;
}

function CodeStep({ page, csrf, next, sealed, errors }: LoginFormProps & { sealed: string }) {
  const { t } = page;
  return (
    <>
      <FormErrors page={page} errors={errors} />
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        <input type="hidden" name="sealed" value={sealed} />
        <div class="mb-3">
          <label class="form-label" for="totp">
            {t('login.totp')}
          </label>
          <input
            class="form-control form-control-lg font-monospace"
            id="totp"
            name="totp"
            required
            autocomplete="one-time-code"
            inputMode="numeric"
            autocapitalize="none"
            spellcheck={false}
            maxLength={40}
            autofocus
          />
          <div class="form-text">{t('login.totpHelp')}</div>
        </div>
        <button type="submit" class="btn btn-primary btn-lg w-100">
          {t('login.totpSubmit')}
        </button>
      </form>
    </>
  );
}

function LoginPage({ page, csrf, next, username = '', errors, notice, sealed }: LoginFormProps) {
  const { t } = page;
  if (sealed) {
    return (
      <Layout page={page} title={t('login.totpTitle')}>
        <div class="row justify-content-center">
          <div class="col-12 col-sm-10 col-md-7 col-lg-5">
            <div class="card shadow-sm">
              <div class="card-body p-4">
                <h1 class="h3 mb-3">{t('login.totpTitle')}</h1>
                <p class="text-secondary">{t('login.totpIntro')}</p>
                <CodeStep page={page} csrf={csrf} next={next} sealed={sealed} errors={errors} />
              </div>
            </div>
            <p class="mt-3 text-center">
              <a href="/login">{t('login.startOver')}</a>
            </p>
          </div>
        </div>
      </Layout>
    );
  }
  return (
    <Layout page={page} title={t('login.title')}>
      <div class="row justify-content-center">
        <div class="col-12 col-sm-10 col-md-7 col-lg-5">
          <div class="card shadow-sm">
            <div class="card-body p-4">
              <h1 class="h3 mb-3">{t('login.title')}</h1>
              <p class="text-secondary">{t('login.intro')}</p>
              {notice ? (
                <div class="alert alert-success" role="status">
                  {notice}
                </div>
              ) : null}
              <FormErrors page={page} errors={errors} />
              <form method="post" action="/login">
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="next" value={next} />
                <div class="mb-3">
                  <label class="form-label" for="username">
                    {t('login.username')}
                  </label>
                  <input class="form-control form-control-lg" id="username" name="username" required autocomplete="username" autocapitalize="none" spellcheck={false} value={username} maxLength={60} />
                </div>
                <div class="mb-3">
                  <label class="form-label" for="password">
                    {t('login.password')}
                  </label>
                  <input class="form-control form-control-lg" id="password" name="password" type="password" required autocomplete="current-password" maxLength={200} />
                </div>
                <button type="submit" class="btn btn-primary btn-lg w-100">
                  {t('login.submit')}
                </button>
              </form>
            </div>
          </div>
          <p class="mt-3 text-center">
            <a href="/">{t('login.publicHint')}</a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export async function loginPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const secure = isSecureSite(ctx.config.publicBaseUrl);

  function freshCsrf(reply: FastifyReply): string {
    const csrf = newHexSecret(16);
    reply.setCookie(LOGIN_CSRF_COOKIE, csrf, { path: '/login', httpOnly: true, sameSite: 'lax', secure, maxAge: 3600 });
    return csrf;
  }

  function render(request: FastifyRequest, reply: FastifyReply, props: Omit<LoginFormProps, 'page' | 'csrf'>, status = 200) {
    return sendPage(reply, <LoginPage page={pageContext(request)} csrf={freshCsrf(reply)} {...props} />, status);
  }

  app.get<{ Querystring: { next?: string; out?: string } }>('/login', { schema: { hide: true } }, async (request, reply) => {
    const next = safeNextPath(request.query.next);
    if (request.actor) return reply.redirect(next, 303);
    const notice = request.query.out === '1' ? pageContext(request).t('login.loggedOut') : undefined;
    return render(request, reply, { next, notice });
  });

  app.post('/login', { schema: { hide: true } }, async (request, reply) => {
    const body = request.body;
    const next = safeNextPath(formField(body, 'next'));
    const username = formField(body, 'username');
    const page = pageContext(request);
    const expected = request.cookies?.[LOGIN_CSRF_COOKIE] ?? '';
    const given = formField(body, '_csrf');
    if (!expected || !given || !sameSecret(expected, given)) {
      return render(request, reply, { next, username, errors: { _: page.t('login.formExpired') } }, 403);
    }
    const db = ctx.database.db;
    const sealedField = formField(body, 'sealed');
    let credentials = { username, password: formField(body, 'password') };
    if (sealedField) {
      const opened = await openSealedCredentials(db, ctx.clock(), sealedField);
      if (!opened) return render(request, reply, { next, errors: { _: page.t('login.formExpired') } }, 403);
      credentials = opened;
    }
    const totp = sealedField ? formField(body, 'totp') : undefined;
    const result = await attempt(request.locale, () =>
      logIn(
        { db, dialect: ctx.database.dialect, clock: ctx.clock, ldap: ctx.config.ldap, secretKey: ctx.config.secretKey },
        { ...credentials, totp, ip: request.ip, previousSessionCookie: request.cookies?.[SESSION_COOKIE] ?? null },
      ),
    );
    if (!result.ok) {
      const code = result.error.code;
      if (code === 'TOTP_REQUIRED' || code === 'TOTP_INVALID' || code === 'TOTP_LOCKED') {
        // The password was right: ask for the code, carrying the credentials sealed.
        const sealed = await sealCredentials(db, ctx.clock(), credentials);
        return render(request, reply, { next, sealed, errors: code === 'TOTP_REQUIRED' ? undefined : result.errors }, code === 'TOTP_REQUIRED' ? 200 : result.status);
      }
      return render(request, reply, { next, username: credentials.username, errors: result.errors }, result.status);
    }
    setSessionCookie(reply, result.value.sessionCookie, secure);
    reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/login' });
    return reply.redirect(next, 303);
  });

  app.post('/logout', { preHandler: requireStaff, schema: { hide: true } }, async (request, reply) => {
    await logOut({ db: ctx.database.db }, request.sessionId);
    clearSessionCookie(reply, secure);
    return reply.redirect('/login?out=1', 303);
  });

  app.get('/staff', { preHandler: requireStaff, schema: { hide: true } }, async (_request, reply) => reply.redirect('/staff/queue', 303));
}
