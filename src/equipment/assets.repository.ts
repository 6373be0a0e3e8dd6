/**
 * SQL for the equipment registry: assets with their office and custodian, and the tickets that
 * name them. Rows become domain objects before they leave this file; the custodian is a person of
 * the directory (staff id in the table, DNI and name outside).
 */
import { sql } from 'kysely';
import type { DialectName, Executor } from '../db/database';
import { containsIgnoringCase, flag, insertReturningId } from '../db/dialect';
import { prepared } from '../db/prepared';
import type { TicketStatus } from '../db/schema';

export interface Asset {
  id: number;
  code: string;
  description: string;
  brand: string | null;
  model: string | null;
  serial: string | null;
  officeId: number;
  officeName: string;
  custodian: { staffId: number; dni: string; firstName: string; lastName: string } | null;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

/** What a new or changed asset stores (ids resolved by the command). */
export interface AssetValues {
  description: string;
  brand: string | null;
  model: string | null;
  serial: string | null;
  officeId: number;
  custodianStaffId: number | null;
  active: boolean;
}

function assetQuery(db: Executor) {
  return db
    .selectFrom('assets')
    .innerJoin('offices', 'offices.id', 'assets.office_id')
    .leftJoin('staff', 'staff.id', 'assets.custodian_staff_id')
    .select([
      'assets.id',
      'assets.code',
      'assets.description',
      'assets.brand',
      'assets.model',
      'assets.serial',
      'assets.office_id',
      'offices.name as office_name',
      'assets.custodian_staff_id',
      'staff.dni as custodian_dni',
      'staff.first_name as custodian_first_name',
      'staff.last_name as custodian_last_name',
      'assets.active',
      'assets.created_at',
      'assets.updated_at',
    ]);
}

type AssetRow = Awaited<ReturnType<ReturnType<typeof assetQuery>['executeTakeFirstOrThrow']>>;

const toAsset = (r: AssetRow): Asset => ({
  id: r.id,
  code: r.code,
  description: r.description,
  brand: r.brand,
  model: r.model,
  serial: r.serial,
  officeId: r.office_id,
  officeName: r.office_name,
  custodian:
    r.custodian_staff_id != null && r.custodian_dni != null
      ? { staffId: r.custodian_staff_id, dni: r.custodian_dni, firstName: r.custodian_first_name ?? '', lastName: r.custodian_last_name ?? '' }
      : null,
  active: Number(r.active) === 1,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export async function findAssetByCode(db: Executor, code: string): Promise<Asset | null> {
  const r = await assetQuery(db).where('assets.code', '=', code).executeTakeFirst();
  return r ? toAsset(r) : null;
}

const assetIdByCodeQuery = prepared((db, code: string) => db.selectFrom('assets').select(['id', 'active']).where('code', '=', code));

/** The id of an active asset (filing a ticket: one indexed read, prepared once). */
export async function activeAssetId(db: Executor, code: string): Promise<number | null> {
  const r = await assetIdByCodeQuery.first(db, code);
  return r && Number(r.active) === 1 ? r.id : null;
}

/**
 * Assets matching `q` (a code prefix when it is all digits, otherwise words of the description,
 * brand, model or serial), optionally of one office, by code, `limit` after the code `after`.
 */
export async function searchAssets(
  db: Executor,
  dialect: DialectName,
  options: { q?: string; officeId?: number; active?: boolean; after?: string | null; limit: number },
): Promise<{ items: Asset[]; next: string | null }> {
  let query = assetQuery(db);
  const q = options.q?.trim();
  if (q) {
    const digits = q.replace(/[\s-]+/g, '');
    if (/^\d+$/.test(digits)) {
      query = query.where('assets.code', 'like', `${digits}%`);
    } else {
      for (const word of q.split(/\s+/).slice(0, 5)) {
        query = query.where((eb) => eb.or((['assets.description', 'assets.brand', 'assets.model', 'assets.serial'] as const).map((c) => containsIgnoringCase(dialect, eb.ref(c), word))));
      }
    }
  }
  if (options.officeId !== undefined) query = query.where('assets.office_id', '=', options.officeId);
  if (options.active !== undefined) query = query.where('assets.active', '=', flag(options.active));
  if (options.after) query = query.where('assets.code', '>', options.after);
  const rows = await query
    .orderBy('assets.code', 'asc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit).map(toAsset);
  return { items: page, next: rows.length > options.limit ? (page[page.length - 1]?.code ?? null) : null };
}

const columnsOf = (v: AssetValues, now: number) => ({
  description: v.description,
  brand: v.brand,
  model: v.model,
  serial: v.serial,
  office_id: v.officeId,
  custodian_staff_id: v.custodianStaffId,
  active: flag(v.active),
  updated_at: now,
});

export async function insertAsset(db: Executor, dialect: DialectName, code: string, v: AssetValues, now: number): Promise<number> {
  return insertReturningId(db, dialect, 'assets', { code, ...columnsOf(v, now), created_at: now });
}

export async function updateAsset(db: Executor, id: number, v: AssetValues, now: number): Promise<void> {
  await db.updateTable('assets').set(columnsOf(v, now)).where('id', '=', id).execute();
}

/** Stored values of the assets with these codes (the import compares them with the file). */
export async function findAssetValuesByCodes(db: Executor, codes: string[]): Promise<Map<string, AssetValues & { id: number }>> {
  const map = new Map<string, AssetValues & { id: number }>();
  for (let i = 0; i < codes.length; i += BATCH) {
    const rows = await db
      .selectFrom('assets')
      .select(['id', 'code', 'description', 'brand', 'model', 'serial', 'office_id', 'custodian_staff_id', 'active'])
      .where('code', 'in', codes.slice(i, i + BATCH))
      .execute();
    for (const r of rows) {
      map.set(r.code, {
        id: r.id,
        description: r.description,
        brand: r.brand,
        model: r.model,
        serial: r.serial,
        officeId: r.office_id,
        custodianStaffId: r.custodian_staff_id,
        active: Number(r.active) === 1,
      });
    }
  }
  return map;
}

const BATCH = 500;

export async function insertAssets(db: Executor, rows: { code: string; values: AssetValues }[], now: number): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('assets')
      .values(rows.slice(i, i + BATCH).map((r) => ({ code: r.code, ...columnsOf(r.values, now), created_at: now })))
      .execute();
  }
}

/** Staff ids of these DNIs (active or not: an inventory may still name someone who left). */
export async function staffIdsByDnis(db: Executor, dnis: string[]): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  for (let i = 0; i < dnis.length; i += BATCH) {
    const rows = await db
      .selectFrom('staff')
      .select(['id', 'dni'])
      .where('dni', 'in', dnis.slice(i, i + BATCH))
      .execute();
    for (const r of rows) map.set(r.dni, r.id);
  }
  return map;
}

/** What the public portal may see of an asset: its code and description, nothing about people. */
export interface AssetChoice {
  code: string;
  description: string;
  /** In the custody of the person asking (rather than only of their office). */
  inCustody: boolean;
}

const choicesQuery = prepared((db, staffId: number, officeId: number, limit: number) =>
  db
    .selectFrom('assets')
    .select(['code', 'description', 'custodian_staff_id'])
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('custodian_staff_id', '=', staffId), eb('office_id', '=', officeId)]))
    // Theirs first, so a long office list never pushes the person's own equipment out.
    .orderBy(sql`case when custodian_staff_id = ${staffId} then 0 else 1 end`)
    .orderBy('code', 'asc')
    .limit(limit),
);

/** Active equipment in a person's custody or in their office's, theirs first, at most `limit`. */
export async function listAssetChoices(db: Executor, staffId: number, officeId: number, limit: number): Promise<AssetChoice[]> {
  const rows = await choicesQuery.rows(db, staffId, officeId, limit);
  return rows.map((r) => ({ code: r.code, description: r.description, inCustody: r.custodian_staff_id === staffId }));
}

const publicAssetQuery = prepared((db, code: string) => db.selectFrom('assets').select(['code', 'description']).where('code', '=', code).where('active', '=', 1));

/** An active asset as the filing form shows it when a label is scanned (`/a/{code}`). */
export async function findPublicAsset(db: Executor, code: string): Promise<{ code: string; description: string } | null> {
  return (await publicAssetQuery.first(db, code)) ?? null;
}

export interface AssetTicket {
  code: string;
  status: TicketStatus;
  category: string;
  description: string;
  createdAt: number;
  resolvedAt: number | null;
}

/** An asset's tickets, newest first (on the `tickets_asset_idx` index), optionally without one. */
export async function listTicketsOfAsset(db: Executor, assetId: number, options: { limit: number; exceptCode?: string }): Promise<AssetTicket[]> {
  let query = db
    .selectFrom('tickets')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .select(['tickets.code', 'tickets.status', 'categories.name as category', 'tickets.description', 'tickets.created_at', 'tickets.resolved_at'])
    .where('tickets.asset_id', '=', assetId);
  if (options.exceptCode) query = query.where('tickets.code', '<>', options.exceptCode);
  const rows = await query.orderBy('tickets.created_at', 'desc').orderBy('tickets.id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({
    code: r.code,
    status: r.status,
    category: r.category,
    description: r.description,
    createdAt: Number(r.created_at),
    resolvedAt: r.resolved_at == null ? null : Number(r.resolved_at),
  }));
}

/** The asset a ticket is about, if any. */
export async function findAssetOfTicket(db: Executor, ticketId: number): Promise<Asset | null> {
  const r = await assetQuery(db).innerJoin('tickets', 'tickets.asset_id', 'assets.id').where('tickets.id', '=', ticketId).executeTakeFirst();
  return r ? toAsset(r) : null;
}

/** An office's active assets by code (the labels to print), at most `limit`. */
export async function listOfficeAssets(db: Executor, officeId: number, limit: number): Promise<Asset[]> {
  const rows = await assetQuery(db).where('assets.office_id', '=', officeId).where('assets.active', '=', 1).orderBy('assets.code', 'asc').limit(limit).execute();
  return rows.map(toAsset);
}

/** Count of assets (the admin page's header). */
export async function countAssets(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('assets')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
