import { AppError } from '../core/errors';
import type { Executor } from '../db/database';
import { normalizeAssetCode } from './asset-code';
import { activeAssetId } from './assets.repository';

/**
 * The asset a ticket is filed about: null when no code was given; 422 on `assetCode` when the
 * code is malformed or names no active asset. One indexed read, only when a code is given.
 */
export async function resolveAssetForFiling(db: Executor, rawCode: string | null | undefined): Promise<number | null> {
  if (rawCode == null || rawCode.trim() === '') return null;
  const code = normalizeAssetCode(rawCode);
  if (!code) throw new AppError('VALIDATION_FAILED', undefined, { assetCode: { key: 'field.assetCode' } });
  const id = await activeAssetId(db, code);
  if (id === null) throw new AppError('ASSET_UNKNOWN', undefined, { assetCode: { key: 'field.assetUnknown' } });
  return id;
}
