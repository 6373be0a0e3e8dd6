/**
 * "¿Qué equipo?" on the ticket form: when the DNI lookup (portal.ts) has found the person it
 * dispatches `itims:person` on the form; this asks GET /api/v1/directory/:dni/assets and fills
 * the list — their equipment, then their office's — keeping an asset chosen by a scanned label.
 * The typed-code field is shown only for "Otro". Everything works without this script (both
 * fields are posted). Texts come from data attributes rendered in the page's language.
 */

interface AssetChoice {
  code: string;
  description: string;
  inCustody: boolean;
}

const OTHER_ASSET = 'other';

function setUpAssetPicker(form: HTMLFormElement, picker: HTMLElement): void {
  const select = picker.querySelector<HTMLSelectElement>('#assetChoice');
  const typedGroup = picker.querySelector<HTMLElement>('#assetCode-group');
  const typed = picker.querySelector<HTMLInputElement>('#assetCode');
  if (!select || !typedGroup || !typed) return;
  const d = picker.dataset;
  // An asset chosen by a scanned label stays offered whatever the list says.
  const fromLabel = [...select.options].find((o) => o.selected && o.value && o.value !== OTHER_ASSET && !o.parentElement?.matches('optgroup'));
  let pending: AbortController | null = null;

  const showTyped = () => {
    const other = select.value === OTHER_ASSET;
    typedGroup.hidden = !other && typedGroup.dataset.always !== 'true';
    if (!other && typedGroup.dataset.always !== 'true') typed.value = '';
  };

  const option = (value: string, label: string) => {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    return o;
  };

  const help = picker.querySelector<HTMLElement>('#assetChoice-help');
  /** `choices` null: the person is not known (any more). */
  const fill = (choices: AssetChoice[] | null) => {
    if (help) help.textContent = (choices === null ? d.helpBefore : choices.length ? d.help : d.helpNone) ?? '';
    choices = choices ?? [];
    const keep = select.value;
    select.textContent = '';
    select.append(option('', d.none ?? ''));
    if (fromLabel && !choices.some((c) => c.code === fromLabel.value)) select.append(option(fromLabel.value, fromLabel.textContent ?? fromLabel.value));
    for (const [label, group] of [
      [d.mine, choices.filter((c) => c.inCustody)],
      [d.office, choices.filter((c) => !c.inCustody)],
    ] as const) {
      if (!group.length) continue;
      const g = document.createElement('optgroup');
      g.label = label ?? '';
      for (const c of group) g.append(option(c.code, `${c.description} · ${c.code}`));
      select.append(g);
    }
    select.append(option(OTHER_ASSET, d.other ?? ''));
    select.value = [...select.options].some((o) => o.value === keep) ? keep : '';
    showTyped();
  };

  form.addEventListener('itims:person', (event) => {
    const dni = (event as CustomEvent<{ dni: string }>).detail?.dni;
    if (!dni || !/^\d{8}$/.test(dni)) return;
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    fetch(`/api/v1/directory/${dni}/assets`, { headers: { accept: 'application/json' }, signal: controller.signal })
      .then(async (res) => {
        if (!res.ok || controller.signal.aborted) return;
        fill((await res.json()) as AssetChoice[]);
      })
      // No list is no harm: the person can still type the code or leave it empty.
      .catch(() => undefined);
  });
  form.addEventListener('itims:person-cleared', () => {
    pending?.abort();
    fill(null);
  });
  select.addEventListener('change', () => {
    typedGroup.dataset.always = '';
    showTyped();
    if (select.value === OTHER_ASSET) typed.focus();
  });
  showTyped();
}

const assetForm = document.getElementById('ticket-form');
const assetPicker = document.getElementById('asset-picker');
if (assetForm instanceof HTMLFormElement && assetPicker) setUpAssetPicker(assetForm, assetPicker);
