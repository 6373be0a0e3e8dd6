/** Admin API for the equipment registry (`/api/v1/admin/assets…`, admins only). */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { ErrorResponse } from '../core/error-schema';
import { translator } from '../i18n';
import { AppError } from '../core/errors';
import { csvText, csvUploadSchema } from '../core/csv-upload';
import { actorOf, requireAdmin } from '../auth/guards';
import { recordCustodianRead } from '../privacy/record-read';
import { staffSecurity as security } from '../auth/auth.schemas';
import { decodeSpreadsheetBytes } from '../directory/csv-encoding';
import { normalizeAssetCode } from './asset-code';
import { findAssetByCode, listOfficeAssets, listTicketsOfAsset, searchAssets } from './assets.repository';
import { findOffice } from '../directory/offices.repository';
import { renderLabelsPdf } from './labels-pdf';
import { changeAsset, createAsset } from './commands/save-asset';
import { importAssets } from './commands/import-assets';
import { presentAsset, presentAssetImportReport, presentAssetTicket } from './presenters';
import { AssetCodeParams, AssetDetailSchema, AssetImportReportSchema, AssetSchema, AssetsPage, AssetsQuery, CreateAssetBody, LabelsQuery, UpdateAssetBody } from './admin-assets.schemas';

/** An inventory of 100,000 assets is about 10 MB of CSV. */
export const ASSET_CSV_BODY_LIMIT = 16 * 1024 * 1024;
/** How many of an asset's tickets its page lists (newest first). */
export const ASSET_TICKETS_SHOWN = 100;
/** 84 A4 sheets: more than any one office has; the answer stays bounded. */
export const LABELS_MAX = 2000;

export async function adminAssetRoutes(app: FastifyInstance): Promise<void> {
  const { ctx } = app;
  const deps = () => ({ db: ctx.database.db, dialect: ctx.database.dialect, clock: ctx.clock });
  // onRequest: refused before any body (an inventory can be large) is read.
  app.addHook('onRequest', requireAdmin);
  // The bytes as sent: Excel's exports come in UTF-8, Windows-1252 or UTF-16 (csv-encoding.ts).
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: ASSET_CSV_BODY_LIMIT }, (_request, body, done) => done(null, decodeSpreadsheetBytes(body as Buffer)));

  app.get<{ Querystring: Static<typeof AssetsQuery> }>(
    '/admin/assets',
    {
      schema: {
        tags: ['admin'],
        summary: 'Equipos (búsqueda por código, descripción, marca, modelo o serie; por oficina; paginado)',
        security,
        querystring: AssetsQuery,
        response: { 200: AssetsPage, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const { q, office, active, cursor, limit } = request.query;
      if (cursor !== undefined && !/^\d{1,20}$/.test(cursor)) throw new AppError('BAD_REQUEST', undefined, { cursor: { key: 'field.invalid' } });
      const page = await searchAssets(ctx.database.db, ctx.database.dialect, { q, officeId: office, active, after: cursor ?? null, limit: limit ?? 50 });
      await recordCustodianRead(ctx.database.db, ctx.clock(), actorOf(request).userId, page.items);
      return { items: page.items.map(presentAsset), nextCursor: page.next };
    },
  );

  app.post<{ Body: Static<typeof CreateAssetBody> }>(
    '/admin/assets',
    {
      schema: {
        tags: ['admin'],
        summary: 'Registrar un equipo por su código patrimonial',
        security,
        body: CreateAssetBody,
        response: { 201: AssetSchema, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const asset = await createAsset(deps(), request.body);
      await recordCustodianRead(ctx.database.db, ctx.clock(), actorOf(request).userId, [asset]);
      return reply.status(201).send(presentAsset(asset));
    },
  );

  app.get<{ Querystring: Static<typeof LabelsQuery> }>(
    '/admin/assets/labels.pdf',
    {
      schema: {
        tags: ['admin'],
        summary: 'Etiquetas con QR de los equipos activos de una oficina (PDF, hojas A4 de 3 × 8 etiquetas de 70 × 37 mm)',
        description: 'Cada QR abre `/a/{código}`: el formulario de tickets con el equipo elegido.',
        security,
        querystring: LabelsQuery,
        response: { '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const office = await findOffice(ctx.database.db, request.query.office);
      if (!office) throw new AppError('OFFICE_UNKNOWN', undefined, { office: { key: 'field.officeUnknown' } });
      const assets = await listOfficeAssets(ctx.database.db, office.id, LABELS_MAX);
      const t = translator(request.locale);
      const pdf = await renderLabelsPdf(assets, ctx.config.publicBaseUrl, { heading: t('assetLabels.heading'), scan: t('assetLabels.scan'), office: t('assetLabels.office') });
      return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="etiquetas_oficina_${office.id}.pdf"`).type('application/pdf').send(pdf);
    },
  );

  app.get<{ Params: Static<typeof AssetCodeParams> }>(
    '/admin/assets/:code',
    {
      schema: {
        tags: ['admin'],
        summary: 'Un equipo y sus tickets (los más recientes primero)',
        security,
        params: AssetCodeParams,
        response: { 200: AssetDetailSchema, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const code = normalizeAssetCode(request.params.code);
      const asset = code ? await findAssetByCode(ctx.database.db, code) : null;
      if (!asset) throw new AppError('ASSET_NOT_FOUND');
      const tickets = await listTicketsOfAsset(ctx.database.db, asset.id, { limit: ASSET_TICKETS_SHOWN });
      await recordCustodianRead(ctx.database.db, ctx.clock(), actorOf(request).userId, [asset]);
      return { ...presentAsset(asset), tickets: tickets.map(presentAssetTicket) };
    },
  );

  app.patch<{ Params: Static<typeof AssetCodeParams>; Body: Static<typeof UpdateAssetBody> }>(
    '/admin/assets/:code',
    {
      schema: {
        tags: ['admin'],
        summary: 'Cambiar un equipo (descripción, marca, modelo, serie, oficina, responsable, activo)',
        description: 'El código no cambia. Los equipos no se borran: se desactivan (los tickets los nombran).',
        security,
        params: AssetCodeParams,
        body: UpdateAssetBody,
        response: { 200: AssetSchema, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      const asset = await changeAsset(deps(), request.params.code, request.body);
      await recordCustodianRead(ctx.database.db, ctx.clock(), actorOf(request).userId, [asset]);
      return presentAsset(asset);
    },
  );

  app.post<{ Body: string }>(
    '/admin/assets/import',
    {
      bodyLimit: ASSET_CSV_BODY_LIMIT,
      schema: {
        tags: ['admin'],
        summary: 'Importar el inventario de equipos desde CSV (Content-Type: text/csv)',
        description:
          'Cabecera con las columnas `codigo_patrimonial|code, descripcion|description, oficina|office` y, opcionalmente, `marca|brand, modelo|model, serie|serial, dni_responsable|custodian_dni`; separador `;`, `,` o tabulador; UTF-8, Windows-1252 o UTF-16 (las exportaciones de Excel). Una oficina que no existe o un DNI que no está en el directorio rechazan la línea; un código repetido conserva su primera línea. Las líneas con problemas se informan con su número (la cabecera es la línea 1). Importar el mismo archivo otra vez no cambia nada.',
        security,
        ...csvUploadSchema('codigo_patrimonial;descripcion;marca;modelo;serie;oficina;dni_responsable\n740899500012;Computadora personal;Lenovo;ThinkCentre M70;PC1X2Y3Z;Logística;45871236'),
        response: { 200: AssetImportReportSchema, '4xx': ErrorResponse },
      },
    },
    async (request) => {
      return presentAssetImportReport(request.locale, await importAssets(deps(), csvText(request.body)));
    },
  );
}
