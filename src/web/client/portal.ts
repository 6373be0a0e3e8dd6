/**
 * Portal enhancements; every page works without them.
 * - Ticket form: looks the DNI up as soon as 8 digits are typed (GET /api/v1/directory/:dni) and
 *   shows name and office — or the server's message — in a live region; counts characters;
 *   ignores a second submit (the hidden idempotency key already makes it harmless).
 * - Confirmation: "Copiar" copies the code (clipboard API, or selects it for Ctrl+C).
 * Texts come from data attributes rendered by the server in the page's language.
 */

import { pageHeaders } from './_page-language';
import { initPasteCuts } from './_paste-cut';

interface DirectoryAnswer {
  displayName: string;
  office: { id: number; name: string };
}

/** How long the DNI fill-in waits for the directory before it gives up and says so. */
const LOOKUP_TIMEOUT_MS = 6000;
const isOffline = () => navigator.onLine === false;

function byId<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

function initDniLookup(form: HTMLFormElement): void {
  const input = byId<HTMLInputElement>('dni');
  const status = byId<HTMLElement>('dni-status');
  const lookupButton = byId<HTMLButtonElement>('dni-lookup');
  const submitButton = byId<HTMLButtonElement>('ticket-submit');
  if (!input || !status) return;
  const data = status.dataset;
  let shown = '';
  let pending: AbortController | null = null;

  const clearServerError = () => {
    input.classList.remove('is-invalid');
    input.removeAttribute('aria-invalid');
    byId('dni-error')?.remove();
  };

  /** Whether the status line says "Sin conexión" (cleared or redone when the network returns). */
  let offlineShown = false;
  const showText = (text: string, isError: boolean) => {
    status.textContent = '';
    const p = document.createElement('p');
    p.className = isError ? 'mb-0 text-danger fw-semibold' : 'mb-0 text-secondary';
    p.textContent = text;
    status.appendChild(p);
    if (isError) {
      input.classList.add('is-invalid');
      input.setAttribute('aria-invalid', 'true');
    }
  };

  const showPerson = (person: DirectoryAnswer) => {
    status.textContent = '';
    const p = document.createElement('p');
    p.className = 'person-card mb-0';
    const line = (label: string | undefined, value: string) => {
      const span = document.createElement('span');
      span.className = 'person-label';
      span.textContent = `${label ?? ''}:`;
      const strong = document.createElement('strong');
      strong.textContent = value;
      p.append(span, ' ', strong);
    };
    line(data.nameLabel, person.displayName);
    p.appendChild(document.createElement('br'));
    line(data.officeLabel, person.office.name);
    status.appendChild(p);
  };

  const lookup = async (dni: string) => {
    if (dni === shown) return;
    shown = dni;
    offlineShown = false;
    pending?.abort();
    clearServerError();
    if (isOffline()) {
      // No network: the server checks the DNI when the kept ticket is sent.
      shown = '';
      offlineShown = true;
      showText(data.offline ?? data.failed ?? '', false);
      return;
    }
    const controller = new AbortController();
    pending = controller;
    let timedOut = false;
    // A slow link must not leave the person waiting on the name: after a while, say so and move on.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, LOOKUP_TIMEOUT_MS);
    showText(data.looking ?? '…', false);
    try {
      const res = await fetch(`/api/v1/directory/${dni}`, { headers: pageHeaders({ accept: 'application/json' }), signal: controller.signal });
      const body = (await res.json()) as DirectoryAnswer & { error?: { message: string } };
      clearTimeout(timer);
      if (controller.signal.aborted) return;
      if (res.ok) {
        showPerson(body);
        // Other parts of the form (the asset picker) follow the person found.
        form.dispatchEvent(new CustomEvent('itims:person', { detail: { dni, officeId: body.office.id } }));
      } else showText(body.error?.message ?? data.failed ?? '', true);
    } catch {
      clearTimeout(timer);
      if (controller.signal.aborted && !timedOut) return;
      shown = '';
      offlineShown = !timedOut && isOffline();
      showText((timedOut ? data.timeout : isOffline() ? data.offline : data.failed) ?? data.failed ?? '', false);
    }
  };

  // "Sin conexión" must not outlive the outage: when the network returns, look the DNI up again
  // (or clear the message when the field no longer holds one).
  window.addEventListener('online', () => {
    if (!offlineShown) return;
    offlineShown = false;
    const dni = input.value.replace(/[\s.-]/g, '');
    if (/^\d{8}$/.test(dni)) void lookup(dni);
    else status.textContent = '';
  });

  input.addEventListener('input', () => {
    const dni = input.value.replace(/[\s.-]/g, '');
    if (/^\d{8}$/.test(dni)) {
      void lookup(dni);
    } else if (shown) {
      shown = '';
      pending?.abort();
      status.textContent = '';
      clearServerError();
      form.dispatchEvent(new CustomEvent('itims:person-cleared'));
    }
  });

  // Enter in a field "clicks" the form's hidden first button (#ticket-enter): in the DNI field
  // that means "look it up" (done here without leaving the page); elsewhere the form is sent.
  byId<HTMLButtonElement>('ticket-enter')?.addEventListener('click', (event) => {
    if (document.activeElement !== input) return;
    event.preventDefault();
    shown = '';
    const dni = input.value.replace(/[\s.-]/g, '');
    if (/^\d{8}$/.test(dni)) void lookup(dni);
    else if (lookupButton) form.requestSubmit(lookupButton);
  });
  // Browsers without #ticket-enter's default role (an older cached page) still "click" this one.
  lookupButton?.addEventListener('click', (event) => {
    event.preventDefault();
    // Enter in a field "clicks" with detail 0 while the focus stays in that field (a mouse click
    // has detail ≥ 1; Safari does not focus a clicked button, so the focus alone cannot tell).
    const active = document.activeElement;
    const implicit = event.detail === 0 && active !== lookupButton;
    if (implicit && active && active !== input && form.contains(active) && submitButton) {
      form.requestSubmit(submitButton);
      return;
    }
    shown = '';
    const dni = input.value.replace(/[\s.-]/g, '');
    if (/^\d{8}$/.test(dni)) void lookup(dni);
    else form.requestSubmit(lookupButton);
  });
}

function initCounter(): void {
  const textarea = byId<HTMLTextAreaElement>('description');
  const counter = byId<HTMLElement>('description-counter');
  const template = counter?.dataset.template;
  if (!textarea || !counter || !template) return;
  const update = () => {
    counter.textContent = template.replace('{count}', String(textarea.value.length));
  };
  textarea.addEventListener('input', update);
  update();
}

function initSubmitGuard(form: HTMLFormElement): void {
  const submitButton = byId<HTMLButtonElement>('ticket-submit');
  const label = submitButton?.textContent ?? '';
  let sending = false;
  form.addEventListener('submit', (event) => {
    const submitter = (event as SubmitEvent).submitter;
    if (submitter && submitter.id === 'dni-lookup') return;
    // Kept on the device for later (offline.ts): nothing is being sent, the form stays usable.
    if (event.defaultPrevented) return;
    if (sending) {
      event.preventDefault();
      return;
    }
    sending = true;
    if (submitButton) {
      submitButton.setAttribute('aria-disabled', 'true');
      submitButton.textContent = submitButton.dataset.submitting ?? submitButton.textContent;
    }
  });
  // Coming back with the browser's Back button restores the page as it was: allow sending again.
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    sending = false;
    submitButton?.removeAttribute('aria-disabled');
    if (submitButton) submitButton.textContent = label;
  });
}

function initCopy(): void {
  const button = byId<HTMLButtonElement>('copy-code');
  const target = button?.dataset.copyTarget ? byId<HTMLElement>(button.dataset.copyTarget) : null;
  const status = byId<HTMLElement>('copy-status');
  if (!button || !target) return;
  button.hidden = false;
  const selectCode = () => {
    const range = document.createRange();
    range.selectNodeContents(target);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  };
  const copy = async () => {
    const code = (target.textContent ?? '').trim();
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(code);
      if (status) status.textContent = button.dataset.copied ?? '';
    } catch {
      // Plain http on an intranet has no clipboard API: select the code for Ctrl+C instead.
      selectCode();
      let copied = false;
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
      if (status) status.textContent = (copied ? button.dataset.copied : button.dataset.fallback) ?? '';
    }
  };
  // The listener's promise is not awaited by the browser: `copy` catches every failure itself.
  button.addEventListener('click', () => void copy());
}

function init(): void {
  const form = byId<HTMLFormElement>('ticket-form');
  if (form) {
    initDniLookup(form);
    initCounter();
    initSubmitGuard(form);
    byId('form-errors')?.focus();
  }
  initCopy();
  // The description and the assistant's box: a paste cut at the limit is announced.
  initPasteCuts();
}

init();
