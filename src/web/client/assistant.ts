/**
 * The assistant chat dialog on the portal home. Stateless server: the conversation lives here
 * and is sent with each question. Replies are Markdown rendered by building DOM nodes with
 * `textContent` (never `innerHTML`). Accessible: a modal dialog that keeps focus inside, closes
 * with Escape and returns focus to the button that opened it; replies are announced (role=log).
 */
import { parseChatMarkdown, type Block, type Inline } from '../../assistant/chat-markdown';
import { pageHeaders, pageLanguage } from './_page-language';
import { clearPasteCut, initPasteCuts } from './_paste-cut';

interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

interface ChatAnswer {
  reply: string;
  source: 'llm' | 'faq' | 'none';
  interactionId: string;
  suggestTicket: boolean;
  ticketDraft?: { categoryId?: number; description: string };
}

interface OfflineAssistant {
  answer(turns: ChatTurn[], texts: Record<string, string>): Promise<{ reply: string; suggestTicket: boolean; ticketDraft: ChatAnswer['ticketDraft'] }>;
}

/** How long a question waits for the server before the offline assistant answers (bad links). */
const CHAT_TIMEOUT_MS = 15_000;
const MAX_SENT_MESSAGES = 20;

let offlineScript: Promise<OfflineAssistant> | null = null;

/** The offline assistant's script (cached by the service worker), added to the page on first need. */
function offlineAssistant(src: string): Promise<OfflineAssistant> {
  offlineScript ??= new Promise<OfflineAssistant>((resolve, reject) => {
    const ready = () => (window as unknown as { itimsOfflineAssistant?: OfflineAssistant }).itimsOfflineAssistant;
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => {
      const a = ready();
      if (a) resolve(a);
      else reject(new Error('offline assistant missing'));
    };
    script.onerror = () => reject(new Error('offline assistant not cached'));
    document.head.appendChild(script);
  }).catch((err: unknown) => {
    offlineScript = null;
    throw err;
  });
  return offlineScript;
}
const MAX_ASSISTANT_CHARS = 3900;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderInlines(parent: HTMLElement, inlines: Inline[]): void {
  for (const i of inlines) {
    if (i.type === 'text') parent.appendChild(document.createTextNode(i.text));
    else if (i.type === 'strong') parent.appendChild(el('strong', undefined, i.text));
    else if (i.type === 'em') parent.appendChild(el('em', undefined, i.text));
    else if (i.type === 'code') parent.appendChild(el('code', undefined, i.text));
    else {
      const a = el('a', undefined, i.text);
      a.href = i.href;
      a.rel = 'noopener noreferrer nofollow';
      a.target = '_blank';
      parent.appendChild(a);
    }
  }
}

function renderBlocks(parent: HTMLElement, blocks: Block[]): void {
  for (const b of blocks) {
    if (b.type === 'p' || b.type === 'h') {
      const p = el(b.type === 'p' ? 'p' : 'strong');
      renderInlines(p, b.inlines);
      parent.appendChild(b.type === 'h' ? wrap(p) : p);
    } else {
      const list = el(b.type);
      if (b.type === 'ol' && b.start !== 1) list.setAttribute('start', String(b.start));
      for (const item of b.items) {
        const li = el('li');
        renderInlines(li, item);
        list.appendChild(li);
      }
      parent.appendChild(list);
    }
  }
}

function wrap(node: HTMLElement): HTMLElement {
  const p = el('p');
  p.appendChild(node);
  return p;
}

class ServerRefused extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function init(): void {
  const openButton = document.getElementById('assistant-open') as HTMLButtonElement | null;
  const dialog = document.getElementById('assistant-dialog') as HTMLElement | null;
  if (!openButton || !dialog) return;
  const closeButton = document.getElementById('assistant-close') as HTMLButtonElement;
  const log = document.getElementById('assistant-log') as HTMLElement;
  const typing = document.getElementById('assistant-typing') as HTMLElement;
  const form = document.getElementById('assistant-form') as HTMLFormElement;
  const input = document.getElementById('assistant-input') as HTMLTextAreaElement;
  const send = document.getElementById('assistant-send') as HTMLButtonElement;
  const filled = document.getElementById('assistant-filled') as HTMLElement | null;
  initPasteCuts(dialog);
  const s = dialog.dataset;
  const history: ChatTurn[] = [];
  let lastDraft: ChatAnswer['ticketDraft'] | null = null;
  let busy = false;
  const replyTexts = (): Record<string, string> => ({
    needsTechnician: s.replyNeedsTechnician ?? '',
    alsoReport: s.replyAlsoReport ?? '',
    closing: s.replyClosing ?? '',
    refusal: s.replyRefusal ?? '',
    outOfScope: s.replyOutOfScope ?? '',
    askDetails: s.replyAskDetails ?? '',
    stillFailing: s.replyStillFailing ?? '',
    cannotHelp: s.replyCannotHelp ?? '',
  });

  openButton.hidden = false;

  const focusable = (): HTMLElement[] =>
    Array.from(dialog.querySelectorAll<HTMLElement>('button, textarea, a[href], [tabindex="0"]')).filter((n) => !n.hasAttribute('disabled') && n.offsetParent !== null);

  function open(): void {
    dialog!.hidden = false;
    document.body.classList.add('assistant-is-open');
    openButton!.setAttribute('aria-expanded', 'true');
    input.focus();
  }

  function close(): void {
    dialog!.hidden = true;
    document.body.classList.remove('assistant-is-open');
    openButton!.setAttribute('aria-expanded', 'false');
    openButton!.focus();
  }

  function scrollToEnd(): void {
    log.scrollTop = log.scrollHeight;
  }

  function addMessage(role: 'user' | 'assistant', content: string): HTMLElement {
    const bubble = el('div', `assistant-msg assistant-msg-${role === 'user' ? 'user' : 'bot'}`);
    bubble.appendChild(el('span', 'visually-hidden', `${role === 'user' ? s.you : s.bot}: `));
    if (role === 'user') {
      bubble.appendChild(el('p', undefined, content));
    } else {
      bubble.setAttribute('lang', pageLanguage());
      renderBlocks(bubble, parseChatMarkdown(content));
    }
    log.appendChild(bubble);
    scrollToEnd();
    return bubble;
  }

  function fillTicketForm(draft: NonNullable<ChatAnswer['ticketDraft']>): void {
    const description = document.getElementById('description') as HTMLTextAreaElement | null;
    const category = document.getElementById('categoryId') as HTMLSelectElement | null;
    if (description) {
      description.value = draft.description;
      description.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (category && draft.categoryId && Array.from(category.options).some((o) => o.value === String(draft.categoryId))) {
      category.value = String(draft.categoryId);
      category.dispatchEvent(new Event('change', { bubbles: true }));
    }
    if (filled) filled.hidden = false;
    dialog!.hidden = true;
    document.body.classList.remove('assistant-is-open');
    openButton!.setAttribute('aria-expanded', 'false');
    const dni = document.getElementById('dni') as HTMLInputElement | null;
    const target = dni && !dni.value ? dni : description;
    (target ?? openButton)!.focus();
  }

  function ticketButton(): HTMLButtonElement {
    const b = el('button', 'btn btn-sm btn-primary assistant-ticket', s.createTicket);
    b.type = 'button';
    b.addEventListener('click', () => {
      if (lastDraft) fillTicketForm(lastDraft);
    });
    return b;
  }

  function addActions(bubble: HTMLElement, answer: ChatAnswer): void {
    const actions = el('div', 'assistant-actions');
    if (answer.suggestTicket) actions.appendChild(ticketButton());
    const ask = el('span', 'assistant-helpful small', s.helpful);
    const yes = el('button', 'btn btn-sm btn-outline-secondary', s.yes);
    const no = el('button', 'btn btn-sm btn-outline-secondary', s.no);
    yes.type = 'button';
    no.type = 'button';
    const answerFeedback = (helpful: boolean) => {
      void fetch(`/api/v1/chat/${encodeURIComponent(answer.interactionId)}/feedback`, {
        method: 'POST',
        headers: pageHeaders({ 'content-type': 'application/json' }),
        body: JSON.stringify({ helpful }),
      }).catch(() => undefined);
      const thanks = el('span', 'small', s.thanks);
      ask.replaceWith(thanks);
      yes.remove();
      no.remove();
      if (!helpful && !answer.suggestTicket) {
        const b = ticketButton();
        actions.insertBefore(b, actions.firstChild);
        b.focus();
      } else {
        input.focus();
      }
    };
    yes.addEventListener('click', () => answerFeedback(true));
    no.addEventListener('click', () => answerFeedback(false));
    actions.append(ask, yes, no);
    bubble.appendChild(actions);
    scrollToEnd();
  }

  async function ask(text: string): Promise<void> {
    busy = true;
    send.disabled = true;
    typing.hidden = false;
    addMessage('user', text);
    history.push({ role: 'user', content: text });
    const turns = history.slice(-MAX_SENT_MESSAGES).map((m) => ({ role: m.role, content: m.content.slice(0, MAX_ASSISTANT_CHARS) }));
    try {
      let answer: ChatAnswer | null = null;
      if (navigator.onLine !== false) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), CHAT_TIMEOUT_MS);
        try {
          const res = await fetch('/api/v1/chat', {
            method: 'POST',
            headers: pageHeaders({ 'content-type': 'application/json', accept: 'application/json' }),
            body: JSON.stringify({ messages: turns }),
            signal: controller.signal,
          });
          // An answer from the server, even a refusal, is the server's word: no offline guess.
          if (!res.ok) throw new ServerRefused(res.status);
          answer = (await res.json()) as ChatAnswer;
        } catch (err) {
          if (err instanceof ServerRefused) throw err;
          // No network, or too slow: the FAQ on this device answers below.
        } finally {
          clearTimeout(timer);
        }
      }
      if (answer) {
        const online = answer;
        history.push({ role: 'assistant', content: online.reply });
        lastDraft = online.ticketDraft ?? null;
        const bubble = addMessage('assistant', online.reply);
        bubble.dataset.source = online.source;
        addActions(bubble, online);
      } else {
        const local = await (await offlineAssistant(s.offlineSrc ?? '')).answer(turns, replyTexts());
        history.push({ role: 'assistant', content: local.reply });
        lastDraft = local.ticketDraft ?? null;
        const bubble = addMessage('assistant', local.reply);
        bubble.dataset.source = 'offline';
        bubble.appendChild(el('p', 'assistant-offline-note small', s.offlineNote));
        if (local.suggestTicket) {
          const actions = el('div', 'assistant-actions');
          actions.appendChild(ticketButton());
          bubble.appendChild(actions);
        }
        scrollToEnd();
      }
    } catch {
      history.pop();
      addMessage('assistant', s.error ?? '');
    } finally {
      busy = false;
      send.disabled = false;
      typing.hidden = true;
    }
  }

  openButton.addEventListener('click', open);
  closeButton.addEventListener('click', close);
  const submitQuestion = () => {
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = '';
    clearPasteCut(input);
    void ask(text);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitQuestion();
  });
  input.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter starts a new line (as in every chat).
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submitQuestion();
    }
  });
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== 'Tab') return;
    const nodes = focusable();
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
