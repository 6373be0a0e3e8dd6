/**
 * "¿Es por esto? Ya lo estamos atendiendo" on the ticket form (issue 19): when the DNI lookup
 * (portal.ts) has found the person it dispatches `itims:person` with their office; this asks
 * GET /api/v1/incidents?status=open and shows the open incidents of that office (or of every
 * office) that have a category, each with "Sumarme" — a submit button of the form
 * (`joinIncident`), so the server files the linked ticket exactly as without this script.
 * Offline, or when the list cannot be read, nothing is offered (never an old list).
 */

interface OpenIncident {
  id: number;
  title: string;
  publicMessage: string;
  categoryId: number | null;
  officeIds: number[];
}

function setUpOffer(form: HTMLFormElement, box: HTMLElement): void {
  const list = box.querySelector<HTMLElement>('.incident-offer-list');
  const dni = form.querySelector<HTMLInputElement>('#dni');
  if (!list) return;
  let pending: AbortController | null = null;

  const clear = () => {
    pending?.abort();
    pending = null;
    list.textContent = '';
    box.hidden = true;
  };

  const item = (incident: OpenIncident) => {
    const div = document.createElement('div');
    div.className = 'incident-offer-item border-top pt-2 mt-2';
    div.dataset.incident = String(incident.id);
    const title = document.createElement('p');
    title.className = 'fw-semibold mb-1';
    title.textContent = incident.title;
    const message = document.createElement('p');
    message.className = 'mb-2';
    message.textContent = incident.publicMessage;
    const button = document.createElement('button');
    button.type = 'submit';
    button.name = 'joinIncident';
    button.value = String(incident.id);
    button.className = 'btn btn-primary';
    button.formNoValidate = true;
    button.setAttribute('aria-describedby', 'incident-offer-hint');
    button.textContent = box.dataset.join ?? '';
    div.append(title, message, button);
    return div;
  };

  const show = async (officeId: number) => {
    clear();
    if (navigator.onLine === false) return;
    const controller = new AbortController();
    pending = controller;
    try {
      const res = await fetch('/api/v1/incidents?status=open', { headers: { accept: 'application/json' }, signal: controller.signal });
      if (!res.ok) return;
      const incidents = (await res.json()) as OpenIncident[];
      if (controller.signal.aborted) return;
      const mine = incidents.filter((i) => i.categoryId !== null && (i.officeIds.length === 0 || i.officeIds.includes(officeId)));
      list.append(...mine.map(item));
      box.hidden = mine.length === 0;
    } catch {
      // No list, no offer: the person files as usual and the server still links a matching ticket.
    }
  };

  form.addEventListener('itims:person', (event) => {
    const officeId = (event as CustomEvent<{ officeId?: number }>).detail?.officeId;
    if (typeof officeId === 'number') void show(officeId);
  });
  form.addEventListener('itims:person-cleared', clear);
  // Another DNI typed: the offer was for the previous person.
  let typed = dni?.value ?? '';
  dni?.addEventListener('input', () => {
    if (dni.value === typed) return;
    typed = dni.value;
    clear();
  });
}

const form = document.getElementById('ticket-form') as HTMLFormElement | null;
const box = document.getElementById('incident-offer');
if (form && box) setUpOffer(form, box);
