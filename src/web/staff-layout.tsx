/**
 * The staff area's frame: the portal's Layout with the staff navigation (admins also get the
 * administration links), the signed-in user's name and a sign-out button (a form POST with _csrf).
 */
import type { ComponentChildren } from 'preact';
import type { FastifyRequest } from 'fastify';
import { Layout } from './layout';
import { pageContext, type PageContext } from './render';
import type { Actor } from '../auth/actor';
import type { MessageKey } from '../i18n';
import { AppError } from '../core/errors';
import { formatInstant } from './pages/portal/format';

export interface StaffPageContext extends PageContext {
  actor: Actor;
  /** Put it in every form: `<CsrfField page={page} />`. */
  csrfToken: string;
  timeZone: string;
}

/** The page context of a staff page (its route must be guarded by requireStaff/requireAdmin). */
export function staffPageContext(request: FastifyRequest): StaffPageContext {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return { ...pageContext(request), actor: request.actor, csrfToken: request.csrfToken ?? '', timeZone: request.server.ctx.config.timeZone };
}

interface NavItem {
  href: string;
  label: MessageKey;
}

export const STAFF_NAV: NavItem[] = [
  { href: '/staff/queue', label: 'staff.nav.queue' },
  { href: '/staff/mine', label: 'staff.nav.mine' },
  { href: '/staff/tickets', label: 'staff.nav.tickets' },
  { href: '/staff/incidents', label: 'staff.nav.incidents' },
  { href: '/staff/profile', label: 'staff.nav.profile' },
];

export const ADMIN_NAV: NavItem[] = [
  { href: '/staff/admin/offices', label: 'staff.nav.offices' },
  { href: '/staff/admin/staff', label: 'staff.nav.staff' },
  { href: '/staff/admin/assets', label: 'staff.nav.assets' },
  { href: '/staff/admin/categories', label: 'staff.nav.categories' },
  { href: '/staff/admin/calendar', label: 'admin.nav.calendar' },
  { href: '/staff/admin/users', label: 'staff.nav.users' },
  { href: '/staff/admin/access-log', label: 'staff.nav.accessLog' },
  { href: '/staff/admin/faqs', label: 'staff.nav.faqs' },
  { href: '/staff/admin/assistant', label: 'staff.nav.assistant' },
  { href: '/staff/admin/jobs', label: 'staff.nav.jobs' },
  { href: '/staff/dashboards', label: 'staff.nav.dashboards' },
];

function isCurrent(url: string, href: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === href || path.startsWith(`${href}/`);
}

/** The hidden CSRF field every staff form carries. */
export function CsrfField({ page }: { page: StaffPageContext }) {
  return <input type="hidden" name="_csrf" value={page.csrfToken} />;
}

function StaffNav({ page }: { page: StaffPageContext }) {
  const { t, actor } = page;
  return (
    <div class="d-flex flex-wrap align-items-center ms-auto gap-2">
      <ul class="navbar-nav flex-wrap">
        {STAFF_NAV.map((item) => (
          <li class="nav-item">
            <a class="nav-link" href={item.href} aria-current={isCurrent(page.url, item.href) ? 'page' : undefined}>
              {t(item.label)}
            </a>
          </li>
        ))}
      </ul>
      <form method="post" action="/logout" class="d-flex align-items-center gap-2 staff-user">
        <CsrfField page={page} />
        <span class="text-white small">{t('staff.signedInAs', { name: actor.fullName })}</span>
        <button type="submit" class="btn btn-sm btn-outline-light">
          {t('staff.logout')}
        </button>
      </form>
    </div>
  );
}

function AdminNav({ page }: { page: StaffPageContext }) {
  const { t } = page;
  return (
    <nav class="staff-admin-nav mb-4" aria-label={t('staff.nav.adminLabel')}>
      <ul class="nav nav-pills flex-wrap gap-1">
        {ADMIN_NAV.map((item) => {
          const current = isCurrent(page.url, item.href);
          return (
            <li class="nav-item">
              <a class={current ? 'nav-link active' : 'nav-link'} href={item.href} aria-current={current ? 'page' : undefined}>
                {t(item.label)}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export interface StaffLayoutProps {
  page: StaffPageContext;
  title: string;
  children: ComponentChildren;
  scripts?: string[];
}

export function StaffLayout({ page, title, children, scripts }: StaffLayoutProps) {
  return (
    <Layout page={page} title={title} scripts={scripts} nav={<StaffNav page={page} />}>
      {page.actor.role === 'admin' ? <AdminNav page={page} /> : null}
      {children}
    </Layout>
  );
}

/** A date and time in the institution's time zone, e.g. "02/03/2026 09:00" (the one format of every page). */
export function formatDateTime(page: StaffPageContext, epochMs: number): string {
  return formatInstant(epochMs, page.locale, page.timeZone);
}

/**
 * Every error of a form at once, above it, each linked to its field and named by the field's
 * label ("Nombre completo: Este campo es obligatorio."), so two fields with the same problem
 * still read as two different errors.
 */
export function FormErrors({ page, errors, labels = {} }: { page: PageContext; errors: Record<string, string> | undefined; labels?: Record<string, string> }) {
  if (!errors || !Object.keys(errors).length) return null;
  return (
    <div class="alert alert-danger" role="alert">
      <p class="fw-bold mb-1">{page.t('forms.errorsTitle')}</p>
      <ul class="mb-0">
        {Object.entries(errors).map(([field, message]) => (
          <li>
            {field === '_' ? (
              message
            ) : (
              <a href={`#${field}`} class="alert-link">
                {labels[field] ? `${labels[field]}: ${message}` : message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
