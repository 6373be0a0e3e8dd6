/**
 * Public portal pages: home (ticket form), confirmation, tracking, "Mis tickets". They call the
 * same domain functions as the JSON API and work without JavaScript: forms post
 * (application/x-www-form-urlencoded), errors come back on the same form with what was typed.
 * DNIs are always posted, never put in an address.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError, messageKeyFor, type FieldErrors } from '../../core/errors';
import { chargeFiling, directoryRateLimit, publicRateLimit } from '../../core/rate-limits';
import { afterTurnArrivals } from '../../core/turn-batch';
import { translator } from '../../i18n';
import { listActiveCategories } from '../../categories/categories.repository';
import { displayName } from '../../directory/display-name';
import { lookupPerson } from '../../directory/lookup-person';
import { findPersonByDni } from '../../directory/directory.repository';
import { localYear } from '../../core/local-time';
import { createTicket } from '../../tickets/commands/create-ticket';
import { filingDeps } from '../../tickets/filing-deps';
import { trackTicket } from '../../tickets/queries/track-ticket';
import { maskTicketCode, normalizeTicketCode, requireTicketCode } from '../../tickets/ticket-code';
import { trackingPath } from '../../tickets/presenters';
import { listTicketsForStaff } from '../../tickets/tickets.repository';
import { pageContext, sendPage, type PageContext } from '../render';
import { attempt } from '../staff-forms';
import { homeExtras, renderExtras, trackingExtras } from './portal/extras';
import { HomePage, type FoundPerson, type FormNotice } from './portal/ticket-form';
import { cleanDni, dniFieldError, emptyTicketForm, fieldErrorsOf, readTicketForm, validateTicketForm, type TicketFormBody, type TicketFormValues } from './portal/ticket-form-input';
import { ConfirmationPage } from './portal/confirmation';
import { TrackingPage, TrackLookupPage } from './portal/tracking';
import { MyTicketsPage, type MyTicketRow } from './portal/my-tickets';
import { AssetPicker, emptyAssetPicker, OTHER_ASSET, postedAssetCode, readAssetPicker, type AssetPickerState } from './portal/asset-picker';
import { findPublicAsset, listAssetChoices } from '../../equipment/assets.repository';
import { normalizeAssetCode } from '../../equipment/asset-code';
import { ASSET_CHOICES_MAX } from '../../equipment/public-assets.routes';
import { AttachmentStore } from '../../attachments/attachment-store';
import { MAX_ATTACHMENTS } from '../../attachments/attach-files';
import type { KeptAttachment } from '../attachments-view';
import { receivePageUploads } from '../form-attachments';
import { joinableIncidents, openIncidentsForPortal } from '../../incidents/queries/portal-incidents';
import { IncidentBanner, IncidentOffer } from './portal/incidents-notice';
import { DESCRIPTION_MIN } from '../../tickets/commands/create-ticket';

/** Where the browser goes after filing (also where the client script sends it). */
export const confirmationPath = (code: string) => `${trackingPath(code)}/confirmacion`;

const TicketFormSchema = Type.Object(
  {
    dni: Type.Optional(Type.String()),
    categoryId: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    contactPhone: Type.Optional(Type.String()),
    idempotencyKey: Type.Optional(Type.String()),
    action: Type.Optional(Type.String()),
    /** "Sumarme": the open incident to join (the button's value). */
    joinIncident: Type.Optional(Type.String({ maxLength: 12 })),
  },
  // A widget may add its own fields to the form; they are ignored here.
  { additionalProperties: true },
);
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });

const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,128}$/;
const formKey = (raw: string | undefined) => (raw && IDEMPOTENCY_KEY_RE.test(raw) ? raw : randomUUID());
/** The incident id a "Sumarme" button posted, or null (not pressed, or not an id). */
const joinedIncidentId = (raw: string | undefined) => (raw && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null);

export async function portalPages(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const db = ctx.database.db;
  const lookupDeps = () => ({ db, clock: ctx.clock, timeZone: ctx.config.timeZone });
  const store = new AttachmentStore(ctx.config.attachments.dir);

  interface HomeState {
    values: TicketFormValues;
    errors: FieldErrors;
    person: FoundPerson | null;
    /** The found person's office: which open incidents "¿Es por esto?" offers. */
    officeId?: number | null;
    notice: FormNotice | null;
    idempotencyKey: string;
    categories: { id: number; name: string }[];
    asset: AssetPickerState;
    kept?: KeptAttachment[];
    attachmentError?: string | null;
  }

  async function renderHome(request: FastifyRequest, reply: FastifyReply, state: HomeState, status = 200) {
    // A re-rendered form was posted to /tickets; the language switch must lead to the form.
    const page: PageContext = { ...pageContext(request), url: request.method === 'GET' ? request.url : '/' };
    const [extras, incidents] = await Promise.all([renderExtras(homeExtras, { page, ctx, request }), openIncidentsForPortal(db)]);
    const afterPerson = { node: <AssetPicker page={page} state={state.asset} />, script: 'asset-picker.js' };
    const banner = <IncidentBanner page={page} incidents={incidents} timeZone={ctx.config.timeZone} />;
    const offer = <IncidentOffer page={page} incidents={state.person && state.officeId ? joinableIncidents(incidents, state.officeId) : []} />;
    return sendPage(
      reply,
      <HomePage page={page} {...state} banner={banner} afterDni={offer} afterPerson={afterPerson} extras={extras.nodes} scripts={[...extras.scripts, 'incident-offer.js']} />,
      status,
    );
  }

  app.get('/', { schema: { hide: true }, config: { rateLimit: publicRateLimit(app) } }, async (request, reply) => {
    const categories = await listActiveCategories(db);
    return renderHome(request, reply, {
      values: emptyTicketForm(),
      errors: {},
      person: null,
      notice: null,
      idempotencyKey: randomUUID(),
      categories,
      asset: emptyAssetPicker(),
    });
  });

  // A scanned QR label (`/a/{code}`): the form with that equipment chosen. It shares the DNI
  // lookup's budget, like everything that tells the public something about the registry.
  app.get<{ Params: { code: string } }>('/a/:code', { schema: { hide: true, params: CodeParams }, config: { rateLimit: directoryRateLimit(app) } }, async (request, reply) => {
    const categories = await listActiveCategories(db);
    const code = normalizeAssetCode(request.params.code);
    const found = code ? await findPublicAsset(db, code) : null;
    const asset: AssetPickerState = found
      ? { ...emptyAssetPicker(), choice: found.code, chosen: found }
      : { ...emptyAssetPicker(), choice: OTHER_ASSET, typed: request.params.code.slice(0, 40), error: translator(request.locale)('field.assetUnknown') };
    const state = { values: emptyTicketForm(), errors: {}, person: null, notice: null, idempotencyKey: randomUUID(), categories, asset };
    return renderHome(request, reply, state, found ? 200 : 404);
  });

  // The no-JavaScript form: "Verificar DNI" (action=lookup), "Enviar ticket" or Enter in a field (action=enter).
  app.post<{ Body: TicketFormBody }>(
    '/tickets',
    {
      schema: { hide: true, body: TicketFormSchema },
      // Counted once the form is read, so that reaching the limit can show it on the form.
      // Multipart (with files, `attachments`) or urlencoded.
      config: { rateLimit: { ...directoryRateLimit(app), hook: 'preHandler' }, uploads: { field: 'attachments', max: MAX_ATTACHMENTS } },
      // The lookup limit keeps the form and what was typed; every other error goes to the app's handler.
      // Fastify awaits an async route errorHandler (its type only says void).
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      errorHandler: async (error, request, reply) => {
        if (!(error instanceof AppError) || error.code !== 'RATE_LIMITED') throw error;
        if (error.headers) reply.headers(error.headers);
        const values = readTicketForm((request.body ?? {}) as TicketFormBody);
        const t = translator(request.locale);
        return renderHome(
          request,
          reply,
          {
            values,
            errors: {},
            person: null,
            notice: { message: t('portal.form.lookupLimit', error.params) },
            idempotencyKey: formKey((request.body as TicketFormBody | undefined)?.idempotencyKey),
            categories: await listActiveCategories(db),
            asset: readAssetPicker((request.body ?? {}) as TicketFormBody),
          },
          429,
        );
      },
    },
    async (request, reply) => {
      const body = request.body;
      const values = readTicketForm(body);
      const categories = await listActiveCategories(db);
      // "Sumarme" files with the incident's category and, unless the person wrote one, a description naming it.
      const joining = joinedIncidentId(body.joinIncident);
      // Enter (action=enter, the form's hidden first button) with only a DNI typed means "look it up".
      const lookupOnly = body.action === 'lookup' || (body.action === 'enter' && !values.categoryId && !values.description.trim() && !values.contactPhone.trim());
      // The files become uploads first, so a form that comes back (a missing field, "Verificar DNI") keeps them.
      const files = await receivePageUploads({ database: ctx.database, clock: ctx.clock, store }, request);
      const t = translator(request.locale);
      const state: HomeState = {
        kept: files.kept,
        attachmentError: files.error ? t(messageKeyFor(files.error.code), files.error.params) : null,
        values,
        errors:
          lookupOnly || joining
            ? dniFieldError(values.dni)
            : validateTicketForm(
                values,
                categories.map((c) => c.id),
              ),
        person: null,
        notice: null,
        idempotencyKey: formKey(body.idempotencyKey),
        categories,
        asset: readAssetPicker(body),
      };
      let status = Object.keys(state.errors).length ? 422 : 200;

      if (!state.errors.dni) {
        const found = await attempt(request.locale, () => lookupPerson(lookupDeps(), values.dni));
        if (found.ok) {
          state.person = { displayName: displayName(found.value.firstName, found.value.lastName), office: found.value.office.name };
          state.officeId = found.value.office.id;
          state.asset.choices = await listAssetChoices(db, found.value.staffId, found.value.office.id, ASSET_CHOICES_MAX);
        } else {
          state.errors = { ...state.errors, ...(fieldErrorsOf(found.error) ?? {}) };
          // Only a directory refusal: answer with its status (404 unknown, 403 no office).
          status = Object.keys(state.errors).length === 1 ? found.error.statusCode : 422;
        }
      }
      // A label's asset posted back (not in the person's list) is shown with its description again.
      const chosenCode = normalizeAssetCode(state.asset.choice);
      if (chosenCode && !state.asset.choices?.some((c) => c.code === chosenCode)) state.asset.chosen = await findPublicAsset(db, chosenCode);
      if (lookupOnly || Object.keys(state.errors).length) return renderHome(request, reply, state, status);
      if (files.error) return renderHome(request, reply, state, files.error.statusCode);

      let categoryId = Number(values.categoryId);
      let description = values.description;
      if (joining) {
        // Only an incident of the person's office (or of every office) that is still open.
        const incident = joinableIncidents(await openIncidentsForPortal(db), state.officeId ?? 0).find((i) => i.id === joining);
        if (!incident || incident.categoryId === null) {
          state.notice = { message: t('portal.incident.joinClosed') };
          return renderHome(request, reply, state, 409);
        }
        categoryId = incident.categoryId;
        if (description.trim().length < DESCRIPTION_MIN) description = t('portal.incident.joinDescription', { title: incident.title });
      }

      const filed = await attempt(request.locale, () =>
        createTicket(
          filingDeps(ctx, store, () => chargeFiling(request)),
          {
            dni: values.dni,
            categoryId,
            description,
            contactPhone: values.contactPhone || null,
            assetCode: postedAssetCode(body) || null,
            channel: 'portal',
            attachments: files.input,
            incidentId: joining,
          },
          // The same answer as POST /api/v1/tickets, so a key means the same thing on both.
          (ticket) => ({
            code: ticket.code,
            status: 'registered' as const,
            createdAt: new Date(ticket.createdAt).toISOString(),
            trackingUrl: `${ctx.config.publicBaseUrl}${trackingPath(ticket.code)}`,
            incident: ticket.incident,
          }),
          state.idempotencyKey,
        ),
      );
      if (filed.ok) {
        return reply.redirect(confirmationPath(filed.value.body.code), 303);
      }
      const err = filed.error;
      if (err.code === 'TOO_MANY_TICKETS') {
        if (err.headers) reply.headers(err.headers);
        state.notice = { message: t('error.TOO_MANY_TICKETS', err.params), link: { href: '/mis-tickets', label: t('portal.form.seeMyTickets') } };
      } else if (err.code === 'IDEMPOTENCY_KEY_REUSED') {
        // The person came back to a form that already filed a ticket and changed it.
        state.notice = { message: t('portal.form.alreadySent') };
        state.idempotencyKey = randomUUID();
      } else if (err.code.startsWith('ATTACHMENT')) {
        // An upload id no longer usable (purged, used elsewhere): said at the file field.
        // `kept` already lists only the uploads still usable.
        state.attachmentError = t(messageKeyFor(err.code), err.params);
      } else {
        const fields = fieldErrorsOf(err);
        if (!fields) throw err;
        // The asset's message is shown in its own field (the picker), not in the form's summary.
        const { assetCode: assetError, ...others } = fields;
        if (assetError) state.asset.error = t(assetError.key, assetError.params);
        state.errors = others;
      }
      return renderHome(request, reply, state, err.statusCode);
    },
  );

  // Reloading or switching language on a re-rendered form lands here: back to a fresh form.
  app.get('/tickets', { schema: { hide: true } }, async (request, reply) => {
    const lang = (request.query as { lang?: string }).lang;
    return reply.redirect(lang === 'en' || lang === 'es' ? `/?lang=${lang}` : '/', 303);
  });

  app.get<{ Params: { code: string } }>('/t/:code/confirmacion', { schema: { hide: true, params: CodeParams }, config: { rateLimit: publicRateLimit(app) } }, async (request, reply) => {
    const page = pageContext(request);
    const found = await attempt(request.locale, () => trackTicket(db, request.params.code, ctx.config.reopenDays));
    if (!found.ok) return sendPage(reply, <TrackLookupPage page={page} code={request.params.code} error={page.t(messageKeyFor(found.error.code))} />, found.status);
    return sendPage(reply, <ConfirmationPage page={page} code={found.value.code} incident={found.value.incident} />);
  });

  app.get<{ Querystring: { code?: string } }>('/t', { schema: { hide: true }, config: { rateLimit: publicRateLimit(app) } }, async (request, reply) => {
    const page = pageContext(request);
    const typed = request.query.code;
    if (typed === undefined) return sendPage(reply, <TrackLookupPage page={page} />);
    const code = await attempt(request.locale, async () => requireTicketCode(String(typed)));
    if (!code.ok) return sendPage(reply, <TrackLookupPage page={page} code={String(typed)} error={page.t(messageKeyFor(code.error.code))} />, 400);
    return reply.redirect(trackingPath(code.value), 303);
  });

  app.get<{ Params: { code: string } }>(
    '/t/:code',
    { schema: { hide: true, params: CodeParams }, config: { rateLimit: publicRateLimit(app) }, preHandler: afterTurnArrivals },
    async (request, reply) => {
      const page = pageContext(request);
      const canonical = normalizeTicketCode(request.params.code);
      if (canonical && canonical !== request.params.code) {
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        return reply.redirect(`${trackingPath(canonical)}${query}`, 301);
      }
      const found = await attempt(request.locale, () => trackTicket(db, request.params.code, ctx.config.reopenDays));
      if (!found.ok) {
        const message = page.t(messageKeyFor(found.error.code));
        return sendPage(reply, <TrackLookupPage page={page} code={request.params.code} error={message} />, found.status);
      }
      const ticket = found.value;
      const extras = await renderExtras(trackingExtras, { page, ctx, request, ticket });
      return sendPage(reply, <TrackingPage page={page} ticket={ticket} timeZone={ctx.config.timeZone} extras={extras.nodes} scripts={extras.scripts} />);
    },
  );

  app.get('/mis-tickets', { schema: { hide: true }, config: { rateLimit: publicRateLimit(app) } }, async (request, reply) =>
    sendPage(reply, <MyTicketsPage page={pageContext(request)} timeZone={ctx.config.timeZone} dni="" />),
  );

  app.post<{ Body: { dni?: string } }>(
    '/mis-tickets',
    {
      schema: { hide: true, body: Type.Object({ dni: Type.Optional(Type.String()) }, { additionalProperties: true }) },
      config: { rateLimit: directoryRateLimit(app) },
    },
    async (request, reply) => {
      const page = pageContext(request);
      const dni = cleanDni(request.body.dni);
      const render = (props: { error?: string; result?: { displayName: string; tickets: MyTicketRow[] } }, status = 200) =>
        sendPage(reply, <MyTicketsPage page={page} timeZone={ctx.config.timeZone} dni={dni} {...props} />, status);
      const formatError = dniFieldError(dni).dni;
      if (formatError) return render({ error: page.t(formatError.key) }, 422);
      // A person without an office this year may still follow their earlier tickets.
      const person = await findPersonByDni(db, dni, localYear(ctx.clock(), ctx.config.timeZone));
      if (!person) return render({ error: page.t('error.DNI_UNKNOWN') }, 404);
      // A DNI is no secret: the list shows masked codes only, never a way into a ticket (issue 13, finding 12).
      const tickets = (await listTicketsForStaff(db, person.staffId, 50)).map((ticket) => ({ ...ticket, code: maskTicketCode(ticket.code) }));
      return render({ result: { displayName: displayName(person.firstName, person.lastName), tickets } });
    },
  );
}
