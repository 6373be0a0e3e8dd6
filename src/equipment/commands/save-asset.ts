/**
 * Register an asset (`POST /admin/assets`) or change one (`PATCH /admin/assets/{code}`). The
 * code is the institution's código patrimonial and never changes once registered (labels are
 * printed with it); everything else may. Assets are deactivated, never deleted: tickets name them.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { DialectName } from '../../db/database';
import { isUniqueViolation } from '../../db/dialect';
import type { Clock } from '../../core/context';
import { AppError, type FieldErrors } from '../../core/errors';
import { isValidDni } from '../../directory/dni';
import { findOffice } from '../../directory/offices.repository';
import { staffIdByDni } from '../../directory/staff.repository';
import { normalizeAssetCode } from '../asset-code';
import { cleanOptional, DESCRIPTION_MAX, DETAIL_MAX, descriptionProblem, detailTooLong } from '../asset-fields';
import { findAssetByCode, insertAsset, updateAsset, type Asset, type AssetValues } from '../assets.repository';

export interface AssetDeps {
  db: Kysely<DB>;
  dialect: DialectName;
  clock: Clock;
}

export interface AssetInput {
  description?: string;
  brand?: string | null;
  model?: string | null;
  serial?: string | null;
  officeId?: number;
  /** null = nobody in particular (the office's equipment). */
  custodianDni?: string | null;
  active?: boolean;
}

/** The whole of an asset's new values: `input` over `base`; 422 naming every bad field. */
async function resolveValues(deps: AssetDeps, base: AssetValues | null, input: AssetInput): Promise<AssetValues> {
  const fields: FieldErrors = {};
  const description = input.description === undefined ? (base?.description ?? '') : (cleanOptional(input.description) ?? '');
  const problem = descriptionProblem(description);
  if (problem === 'required') fields.description = { key: 'field.required' };
  if (problem === 'tooLong') fields.description = { key: 'field.maxLength', params: { limit: DESCRIPTION_MAX } };
  const detail = (name: 'brand' | 'model' | 'serial') => {
    const v = input[name] === undefined ? (base?.[name] ?? null) : cleanOptional(input[name]);
    if (detailTooLong(v)) fields[name] = { key: 'field.maxLength', params: { limit: DETAIL_MAX } };
    return v;
  };
  const brand = detail('brand');
  const model = detail('model');
  const serial = detail('serial');
  const officeId = input.officeId ?? base?.officeId;
  if (officeId === undefined) fields.officeId = { key: 'field.required' };
  else if (input.officeId !== undefined && !(await findOffice(deps.db, officeId))) fields.officeId = { key: 'field.officeUnknown' };
  let custodianStaffId = base?.custodianStaffId ?? null;
  if (input.custodianDni !== undefined) {
    const dni = input.custodianDni?.replace(/\s/g, '') ?? '';
    if (!dni) custodianStaffId = null;
    else if (!isValidDni(dni)) fields.custodianDni = { key: 'field.dni' };
    else {
      custodianStaffId = await staffIdByDni(deps.db, dni);
      if (custodianStaffId === null) fields.custodianDni = { key: 'field.custodianUnknown' };
    }
  }
  if (Object.keys(fields).length) throw new AppError('VALIDATION_FAILED', undefined, fields);
  return { description, brand, model, serial, officeId: officeId!, custodianStaffId, active: input.active ?? base?.active ?? true };
}

export async function createAsset(deps: AssetDeps, input: AssetInput & { code: string }): Promise<Asset> {
  const code = normalizeAssetCode(input.code);
  if (!code) throw new AppError('VALIDATION_FAILED', undefined, { code: { key: 'field.assetCode' } });
  const values = await resolveValues(deps, null, input);
  if (await findAssetByCode(deps.db, code)) throw new AppError('ASSET_CODE_TAKEN', undefined, { code: { key: 'field.assetCodeTaken' } });
  try {
    await insertAsset(deps.db, deps.dialect, code, values, deps.clock());
  } catch (err) {
    // Two admins registering the same code at once: the second gets the same answer as above.
    if (isUniqueViolation(err)) throw new AppError('ASSET_CODE_TAKEN', undefined, { code: { key: 'field.assetCodeTaken' } });
    throw err;
  }
  return (await findAssetByCode(deps.db, code))!;
}

export async function changeAsset(deps: AssetDeps, rawCode: string, input: AssetInput): Promise<Asset> {
  const code = normalizeAssetCode(rawCode);
  const existing = code ? await findAssetByCode(deps.db, code) : null;
  if (!existing) throw new AppError('ASSET_NOT_FOUND');
  const base: AssetValues = {
    description: existing.description,
    brand: existing.brand,
    model: existing.model,
    serial: existing.serial,
    officeId: existing.officeId,
    custodianStaffId: existing.custodian?.staffId ?? null,
    active: existing.active,
  };
  await updateAsset(deps.db, existing.id, await resolveValues(deps, base, input), deps.clock());
  return (await findAssetByCode(deps.db, existing.code))!;
}
