/**
 * The four routes of an admin list page that has an "add" form and an edit page per row (offices,
 * categories, users, staff, assets): the list with the notice of what was just done; the add form's
 * POST (303 to the list saying what was created, or the list again with every error and what was
 * typed); the edit page; its POST (303 where the page says, or the edit page again with every error).
 * Each page keeps its own rendering and commands; this is only the "try → redirect or re-render" part.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAdmin } from '../../../auth/guards';
import { staffPageContext } from '../../staff-layout';
import { submitForm } from '../../staff-forms';
import { doneNotice, type FormErrorsMap, type FormValues } from './admin-components';

export interface PageState {
  values?: FormValues;
  errors?: FormErrorsMap;
  notice?: string;
}

export interface ListAndEditPages<K extends number | string, C> {
  base: string;
  /** The row's key in the URL: `id`, a number, unless told (`code`, kept as typed). */
  param?: 'id' | 'code';
  renderList(request: FastifyRequest, reply: FastifyReply, state: PageState, status?: number): Promise<FastifyReply>;
  renderEdit(request: FastifyRequest, reply: FastifyReply, key: K, state: PageState, status?: number): Promise<FastifyReply>;
  /** What the add form typed, shown again when it is refused. */
  readNew(body: unknown): FormValues;
  create(request: FastifyRequest): Promise<C>;
  /** How the list names what was just created (`?done=created&name=…`). */
  createdName(created: C): string;
  /** The query parameter that carries that name: `name` unless told (`code`). */
  nameParam?: 'name' | 'code';
  readEdit(body: unknown): FormValues;
  update(request: FastifyRequest, key: K): Promise<unknown>;
  /** Where a save goes: the list saying "saved" unless told. */
  savedTo?(key: K): string;
  /** The edit page's notice from its query (`?done=…`), when it has any. */
  editNotice?(request: FastifyRequest): string | undefined;
}

export function listAndEditRoutes<K extends number | string, C>(app: FastifyInstance, pages: ListAndEditPages<K, C>): void {
  const { base } = pages;
  const param = pages.param ?? 'id';
  const keyOf = (raw: string | undefined) => (param === 'id' ? Number(raw) : (raw ?? '')) as K;
  const nameParam = pages.nameParam ?? 'name';
  const guarded = { preHandler: requireAdmin, schema: { hide: true } };
  type Query = { Querystring: Record<string, string | undefined> };
  type Params = { Params: Record<string, string> };

  app.get<Query>(base, guarded, async (request, reply) => {
    return pages.renderList(request, reply, { notice: doneNotice(staffPageContext(request), request.query.done, request.query[nameParam]) });
  });

  app.post(base, guarded, async (request, reply) => {
    const values = pages.readNew(request.body);
    return submitForm(reply, request.locale, () => pages.create(request), {
      redirectTo: (created) => `${base}?done=created&${nameParam}=${encodeURIComponent(pages.createdName(created))}`,
      rerender: (errors, status) => pages.renderList(request, reply, { values, errors }, status),
    });
  });

  app.get<Params>(`${base}/:${param}`, guarded, async (request, reply) => {
    return pages.renderEdit(request, reply, keyOf(request.params[param]), { notice: pages.editNotice?.(request) });
  });

  app.post<Params>(`${base}/:${param}`, guarded, async (request, reply) => {
    const rowKey = keyOf(request.params[param]);
    const values = pages.readEdit(request.body);
    return submitForm(reply, request.locale, () => pages.update(request, rowKey), {
      redirectTo: () => pages.savedTo?.(rowKey) ?? `${base}?done=saved`,
      rerender: (errors, status) => pages.renderEdit(request, reply, rowKey, { values, errors }, status),
    });
  });
}
