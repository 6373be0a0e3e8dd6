/**
 * "¿Qué equipo?" on the ticket form (issue 21): optional. Once the DNI has found the person, a
 * list offers the equipment in their custody and their office's; "Otro" lets them type the
 * código patrimonial from the label. A scanned label (`/a/{code}`) comes with its asset chosen.
 *
 * Without JavaScript both fields are posted — the list (`assetChoice`) and the typed code
 * (`assetCode`) — and a typed code wins. `web/client/asset-picker.ts` fills the list when the DNI
 * is found and shows the typed field only for "Otro". Kept apart from the rest of the form so the
 * form itself stays small.
 */
import type { AssetChoice } from '../../../equipment/assets.repository';
import type { PageContext } from '../../render';

/** The value of the list's "Otro: escribir el código" entry. */
export const OTHER_ASSET = 'other';

export interface AssetPickerState {
  /** The list's choice as posted: a code, `OTHER_ASSET`, or '' (none). */
  choice: string;
  /** The code as typed. */
  typed: string;
  /** The person's equipment; null until the DNI has found them. */
  choices: AssetChoice[] | null;
  /** An asset chosen by a scanned label, shown even when it is not in the person's list. */
  chosen: { code: string; description: string } | null;
  error: string | null;
}

export const emptyAssetPicker = (): AssetPickerState => ({ choice: '', typed: '', choices: null, chosen: null, error: null });

/** What the form posted for the asset: the typed code when there is one, otherwise the list's choice. */
export function postedAssetCode(body: { assetChoice?: string; assetCode?: string }): string {
  const typed = (body.assetCode ?? '').trim();
  if (typed) return typed;
  const choice = (body.assetChoice ?? '').trim();
  return choice === OTHER_ASSET ? '' : choice;
}

export function readAssetPicker(body: { assetChoice?: string; assetCode?: string }): AssetPickerState {
  return { ...emptyAssetPicker(), choice: (body.assetChoice ?? '').trim().slice(0, 80), typed: (body.assetCode ?? '').trim().slice(0, 80) };
}

export function AssetPicker({ page, state }: { page: PageContext; state: AssetPickerState }) {
  const { t } = page;
  const { choices, chosen, error } = state;
  const mine = (choices ?? []).filter((c) => c.inCustody);
  const office = (choices ?? []).filter((c) => !c.inCustody);
  const listed = new Set((choices ?? []).map((c) => c.code));
  const selected = state.typed ? OTHER_ASSET : state.choice || chosen?.code || '';
  const typedShown = selected === OTHER_ASSET || !!error;
  const option = (c: { code: string; description: string }) => (
    <option value={c.code} selected={selected === c.code}>
      {`${c.description} · ${c.code}`}
    </option>
  );
  return (
    <div
      class="mb-3"
      id="asset-picker"
      data-mine={t('portal.asset.mine')}
      data-office={t('portal.asset.office')}
      data-none={t('portal.asset.none')}
      data-other={t('portal.asset.other')}
      data-help={t('portal.asset.help')}
      data-help-none={t('portal.asset.helpNone')}
      data-help-before={t('portal.asset.helpBeforeDni')}
    >
      <label class="form-label fw-semibold" for="assetChoice">
        {t('portal.asset.label')} <span class="fw-normal text-secondary">{t('portal.asset.optional')}</span>
      </label>
      <select id="assetChoice" name="assetChoice" class="form-select" aria-describedby="assetChoice-help">
        <option value="" selected={selected === ''}>
          {t('portal.asset.none')}
        </option>
        {chosen && !listed.has(chosen.code) && option(chosen)}
        {mine.length > 0 && <optgroup label={t('portal.asset.mine')}>{mine.map(option)}</optgroup>}
        {office.length > 0 && <optgroup label={t('portal.asset.office')}>{office.map(option)}</optgroup>}
        <option value={OTHER_ASSET} selected={selected === OTHER_ASSET}>
          {t('portal.asset.other')}
        </option>
      </select>
      <div id="assetChoice-help" class="form-text">
        {choices === null ? t('portal.asset.helpBeforeDni') : choices.length ? t('portal.asset.help') : t('portal.asset.helpNone')}
      </div>
      <div id="assetCode-group" class="mt-2" data-always={typedShown ? 'true' : undefined}>
        <label class="form-label" for="assetCode">
          {t('portal.asset.code')}
        </label>
        <input
          id="assetCode"
          name="assetCode"
          class={error ? 'form-control is-invalid' : 'form-control'}
          value={state.typed}
          inputMode="numeric"
          autoComplete="off"
          maxLength={40}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'assetCode-error assetCode-help' : 'assetCode-help'}
        />
        {error && (
          <div id="assetCode-error" class="invalid-feedback">
            {error}
          </div>
        )}
        <div id="assetCode-help" class="form-text">
          {t('portal.asset.codeHelp')}
        </div>
      </div>
    </div>
  );
}
