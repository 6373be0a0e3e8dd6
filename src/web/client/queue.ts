/**
 * The live queue page: listens to `/api/v1/queue/events` and, when the queue changes, fetches
 * `/api/v1/queue` and redraws the rows (text only, never HTML from the server). Waiting times
 * tick every 30 s. Without JavaScript the page is a plain list with working forms.
 */
import { formatWaiting } from './_waiting';
import { pageHeaders } from './_page-language';
import { dueText, PRIORITY_CLASS, SLA_STATE_CLASS } from './_sla';

interface QueueItem {
  code: string;
  category: string;
  office: string;
  description: string;
  priority: string;
  sla: { firstResponseDueAt: string | null; resolutionDueAt: string | null };
  /** Which due time slaState is about: the resolution once someone acted on the ticket (released back). */
  slaClock: 'firstResponse' | 'resolution';
  slaState: string;
  queuedAt: string;
}

interface QueueAnswer {
  items: QueueItem[];
  waiting: number;
  strictFifo: boolean;
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function start(): void {
  const table = document.getElementById('queue-table') as HTMLTableElement | null;
  const body = document.getElementById('queue-body');
  if (!table || !body) return;
  const data = table.dataset;
  const empty = document.getElementById('queue-empty');
  const count = document.getElementById('queue-count');
  const live = document.getElementById('queue-live');
  const csrfInput = document.querySelector<HTMLInputElement>('input[name="_csrf"]');
  const csrf = csrfInput ? csrfInput.value : '';

  const dueTexts = { dueIn: data.dueIn ?? '', overdue: data.overdue ?? '' };
  /** "vence en …", or "Resolución: vence en …" on a ticket whose first response is behind it. */
  const dueLabel = (due: number, now: number, prefix: string | undefined) => (prefix ? `${prefix}: ${dueText(due, now, dueTexts)}` : dueText(due, now, dueTexts));
  const tick = () => {
    const now = Date.now();
    body.querySelectorAll<HTMLElement>('time[data-since]').forEach((el) => {
      el.textContent = formatWaiting(now - Number(el.dataset.since));
    });
    body.querySelectorAll<HTMLElement>('time[data-due]').forEach((el) => {
      const due = Number(el.dataset.due);
      el.textContent = dueLabel(due, now, el.dataset.prefix);
      // Past due turns red on its own; amber needs the business calendar and comes with the next redraw.
      if (now > due && el.dataset.state !== 'breached') {
        el.dataset.state = 'breached';
        el.className = SLA_STATE_CLASS.breached ?? '';
      }
    });
  };
  window.setInterval(tick, 30_000);

  if (data.live !== '1' || typeof EventSource === 'undefined' || typeof fetch === 'undefined') return;

  const countText = (n: number) => (n === 0 ? data.countZero : n === 1 ? data.countOne : (data.countMany ?? '').replace('{count}', String(n))) ?? '';

  function takeForm(code: string): HTMLFormElement {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = `/staff/tickets/${code}/assign`;
    form.className = 'm-0';
    for (const [name, value] of [
      ['_csrf', csrf],
      ['from', 'queue'],
    ]) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name as string;
      input.value = value as string;
      form.appendChild(input);
    }
    const button = document.createElement('button');
    button.type = 'submit';
    button.className = 'btn btn-sm btn-outline-primary';
    button.textContent = data.take ?? '';
    button.setAttribute('aria-label', (data.takeLabel ?? '').replace('{code}', code));
    form.appendChild(button);
    return form;
  }

  function priorityBadge(item: QueueItem): HTMLElement {
    const badge = document.createElement('span');
    badge.className = PRIORITY_CLASS[item.priority] ?? 'badge';
    badge.textContent = data[`priority${item.priority.charAt(0).toUpperCase()}${item.priority.slice(1)}`] ?? item.priority;
    return badge;
  }

  function dueElement(item: QueueItem, now: number): HTMLElement {
    const resolution = item.slaClock === 'resolution';
    const dueAt = resolution ? item.sla.resolutionDueAt : item.sla.firstResponseDueAt;
    if (dueAt === null) {
      const none = document.createElement('span');
      none.className = SLA_STATE_CLASS.none ?? '';
      none.textContent = data.noDue ?? '';
      return none;
    }
    const due = document.createElement('time');
    const dueMs = Date.parse(dueAt);
    due.dateTime = dueAt;
    due.dataset.due = String(dueMs);
    due.dataset.state = item.slaState;
    due.className = SLA_STATE_CLASS[item.slaState] ?? '';
    if (resolution && data.resolution) due.dataset.prefix = data.resolution;
    due.textContent = dueLabel(dueMs, now, due.dataset.prefix);
    return due;
  }

  function render(answer: QueueAnswer): void {
    // Keep the keyboard where it was: remember the focused row, focus its button again.
    const focused = document.activeElement;
    const focusedRow = focused && body!.contains(focused) ? (focused.closest('tr') as HTMLElement | null)?.dataset.code : undefined;
    const now = Date.now();
    const rows = answer.items.map((item, i) => {
      const tr = document.createElement('tr');
      tr.dataset.code = item.code;
      tr.appendChild(cell(String(i + 1), 'd-none d-sm-table-cell'));
      const codeCell = document.createElement('td');
      const link = document.createElement('a');
      link.className = 'font-monospace fw-semibold text-nowrap';
      link.href = `/staff/tickets/${item.code}`;
      link.textContent = item.code;
      codeCell.appendChild(link);
      const phoneLine = document.createElement('div');
      phoneLine.className = 'd-sm-none small';
      phoneLine.textContent = `${item.category} · ${item.office}`;
      codeCell.appendChild(phoneLine);
      // Phones: priority and due time under the code (their own columns are hidden there).
      const phoneSla = document.createElement('div');
      phoneSla.className = 'd-sm-none small mt-1 d-flex flex-wrap gap-2 align-items-center';
      phoneSla.appendChild(priorityBadge(item));
      phoneSla.appendChild(dueElement(item, now));
      codeCell.appendChild(phoneSla);
      tr.appendChild(codeCell);
      tr.appendChild(cell(item.category, 'd-none d-sm-table-cell'));
      tr.appendChild(cell(item.office, 'd-none d-sm-table-cell'));
      const priorityCell = document.createElement('td');
      priorityCell.className = 'd-none d-sm-table-cell';
      priorityCell.appendChild(priorityBadge(item));
      tr.appendChild(priorityCell);
      const description = cell('', 'd-none d-md-table-cell description-cell');
      const clamped = document.createElement('div');
      clamped.className = 'clamp-2';
      clamped.textContent = item.description;
      description.appendChild(clamped);
      tr.appendChild(description);
      const dueCell = document.createElement('td');
      dueCell.className = 'd-none d-sm-table-cell';
      dueCell.appendChild(dueElement(item, now));
      tr.appendChild(dueCell);
      const waitCell = cell('', 'text-nowrap');
      const time = document.createElement('time');
      const since = Date.parse(item.queuedAt);
      time.dateTime = item.queuedAt;
      time.dataset.since = String(since);
      time.textContent = formatWaiting(now - since);
      waitCell.appendChild(time);
      tr.appendChild(waitCell);
      const actionCell = document.createElement('td');
      if (!answer.strictFifo || i === 0) actionCell.appendChild(takeForm(item.code));
      tr.appendChild(actionCell);
      return tr;
    });
    while (body!.firstChild) body!.removeChild(body!.firstChild);
    for (const row of rows) body!.appendChild(row);
    table!.hidden = rows.length === 0;
    if (empty) empty.hidden = rows.length > 0;
    if (count) count.textContent = countText(answer.waiting);
    if (live) live.textContent = data.updated ?? '';
    if (focusedRow) {
      const again = body!.querySelector<HTMLElement>(`tr[data-code="${focusedRow}"] a, tr[data-code="${focusedRow}"] button`);
      if (again) again.focus();
    }
  }

  let inFlight = false;
  let again = false;
  async function refresh(): Promise<void> {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      const res = await fetch(`/api/v1/queue?limit=${data.limit ?? '50'}`, { credentials: 'same-origin', headers: pageHeaders({ accept: 'application/json' }) });
      if (res.ok) render((await res.json()) as QueueAnswer);
    } catch {
      // Offline for a moment: the next event tries again.
    } finally {
      inFlight = false;
      if (again) {
        again = false;
        void refresh();
      }
    }
  }

  const source = new EventSource('/api/v1/queue/events');
  let connectedBefore = false;
  source.addEventListener('queue', () => void refresh());
  // After a reconnection, changes may have been missed: refresh once.
  source.addEventListener('open', () => {
    if (connectedBefore) void refresh();
    connectedBefore = true;
  });
  table.dataset.listening = '1';
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
