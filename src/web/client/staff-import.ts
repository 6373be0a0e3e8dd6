/**
 * Staff directory import: reads the chosen CSV file and sends it as text/csv with the session's
 * CSRF token, then shows the report (counts and the rejected lines). Every text comes from the
 * form's data-* attributes (rendered in the page's language); nothing is inserted as HTML.
 */
import { pageHeaders } from './_page-language';
import { showChosenFiles } from './_file-picker';

showChosenFiles();

interface ImportReport {
  year: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { line: number; reason: string }[];
  /** Staff import only (the equipment import does not create offices). */
  officesCreated?: string[];
}

/**
 * The file's text: UTF-8 when it is valid UTF-8, otherwise Windows-1252 (what a Spanish Excel
 * writes for "CSV (delimitado por comas)"), so accents survive either way.
 */
function readCsv(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error);
    reader.onload = () => {
      const bytes = reader.result as ArrayBuffer;
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        resolve(new TextDecoder('windows-1252').decode(bytes));
      }
    };
    reader.readAsArrayBuffer(file);
  });
}

function clear(node: HTMLElement): void {
  node.textContent = '';
}

const fill = (template: string, params: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function showReport(out: HTMLElement, form: HTMLFormElement, report: ImportReport): void {
  const d = form.dataset;
  const summary = el('div', report.rejected.length ? 'alert alert-warning' : 'alert alert-success');
  summary.setAttribute('role', 'status');
  summary.append(el('p', 'mb-0', fill(d.result ?? '', { year: report.year, created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected.length })));
  if (report.officesCreated?.length) summary.append(el('p', 'mb-0 mt-2', fill(d.offices ?? '', { names: report.officesCreated.join(', ') })));
  out.append(summary);
  if (!report.rejected.length) return;
  out.append(el('h3', 'h6', d.rejectedTitle));
  const wrap = el('div', 'table-responsive import-rejected');
  const table = el('table', 'table table-sm');
  const head = el('tr', '');
  for (const label of [d.line ?? '', d.reason ?? '']) {
    const th = el('th', '', label);
    th.scope = 'col';
    head.append(th);
  }
  table.append(el('thead', ''), el('tbody', ''));
  table.tHead!.append(head);
  for (const r of report.rejected) {
    const tr = el('tr', '');
    tr.append(el('td', '', String(r.line)), el('td', '', r.reason));
    table.tBodies[0]!.append(tr);
  }
  wrap.append(table);
  out.append(wrap);
}

function setUp(form: HTMLFormElement): void {
  const out = document.getElementById(`${form.id}-result`);
  const input = form.querySelector<HTMLInputElement>('input[type=file]');
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  const csrf = form.querySelector<HTMLInputElement>('input[name=_csrf]')?.value ?? '';
  if (!out || !input || !button) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (!file) return;
    clear(out);
    out.append(el('p', 'text-secondary', form.dataset.working));
    button.disabled = true;
    readCsv(file)
      .then((text) =>
        fetch(form.dataset.endpoint ?? '', {
          method: 'POST',
          credentials: 'same-origin',
          headers: pageHeaders({ 'content-type': 'text/csv; charset=utf-8', 'x-csrf-token': csrf, accept: 'application/json' }),
          body: text,
        }),
      )
      .then(async (res) => {
        const body = await res.json();
        clear(out);
        if (res.ok) showReport(out, form, body as ImportReport);
        else out.append(el('p', 'alert alert-danger', fill(form.dataset.failed ?? '', { message: body?.error?.message ?? String(res.status) })));
      })
      .catch((err: unknown) => {
        clear(out);
        out.append(el('p', 'alert alert-danger', fill(form.dataset.failed ?? '', { message: String(err) })));
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}

// The staff directory's import and the equipment inventory's share this script and report shape.
for (const id of ['staff-import', 'asset-import']) {
  const form = document.getElementById(id);
  if (form instanceof HTMLFormElement) setUp(form);
}
