/**
 * What the Telegram messages say. A technician's message is rendered from the ticket's current
 * state, so sending it late, editing it twice or editing it out of order all end the same way:
 * waiting → both buttons; taken → who took it, no "Asignarme"; closed → closed.
 * Only the requester's short display name and office leave the institution — never DNI or phone.
 */
import { displayName } from '../directory/display-name';
import { t, type MessageKey } from '../i18n';
import { assignCallbackData } from './callback-data';
import type { Notification, SuggestionForMessage, TicketForMessage } from './notifications.repository';
import type { OutgoingButton, OutgoingMessage } from './outgoing-message';
import { formatDuration } from '../core/duration';
import { priorityOfLane } from '../tickets/priority';
import type { SlaNoticeKind } from '../tickets/sla-due';

export interface MessageConfig {
  publicBaseUrl: string;
  timeZone: string;
  botToken: string;
}

/** Telegram opens URL buttons only for public addresses; otherwise the link goes in the text. */
export function isPublicHttps(baseUrl: string): boolean {
  try {
    const u = new URL(baseUrl);
    const local = u.hostname === 'localhost' || !u.hostname.includes('.') || /^[\d.]+$|^\[/.test(u.hostname) || /\.(local|lan|internal|test)$/.test(u.hostname);
    return u.protocol === 'https:' && !local;
  } catch {
    return false;
  }
}

/** `02/03/2026 09:00` in the institution's time zone. */
export function formatDateTime(epochMs: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

export const trackedLink = (config: MessageConfig, n: Notification) => `${config.publicBaseUrl}/n/${n.linkToken}`;

/** The message of a new-ticket or reminder notification, as it should read now. */
export function technicianMessage(config: MessageConfig, ticket: TicketForMessage, n: Notification): OutgoingMessage {
  const key: MessageKey = n.kind === 'reminder' ? 'tg.reminder' : 'tg.newTicket';
  const lines = [
    t('es', key, {
      code: ticket.code,
      category: ticket.category,
      name: displayName(ticket.requesterFirstName, ticket.requesterLastName),
      office: ticket.office,
      date: formatDateTime(ticket.createdAt, config.timeZone),
    }),
  ];
  // Normal is the default and goes unsaid; above it, the priority is the first thing a technician reads.
  const priority = priorityOfLane(ticket.lane);
  const priorityLine = `${t('es', 'priority.label')}: ${t('es', `priority.${priority}`)}`;
  if (priority === 'critical' || priority === 'high') lines.unshift(`${priority === 'critical' ? '🔴' : '🟠'} ${priorityLine}`);
  else if (priority === 'low') lines.push(priorityLine);
  if (ticket.attachmentCount > 0) lines.push(t('es', ticket.attachmentCount === 1 ? 'tg.attachmentsOne' : 'tg.attachments', { count: ticket.attachmentCount }));
  const link = trackedLink(config, n);
  const buttonLink = isPublicHttps(config.publicBaseUrl);
  if (!buttonLink) lines.push('', t('es', 'tg.viewTicketText', { url: link }));
  const row: OutgoingButton[] = buttonLink ? [{ text: t('es', 'tg.viewTicket'), url: link }] : [];

  if (ticket.status === 'registered') {
    if (n.chatId) row.push({ text: t('es', 'tg.assignMe'), callbackData: assignCallbackData(config.botToken, n.id, n.chatId) });
  } else if (ticket.status === 'in_progress' || ticket.status === 'waiting') {
    lines.push('', ticket.assigneeId === n.userId ? `✅ ${t('es', 'tg.assignedToYou')}` : t('es', 'tg.takenBy', { name: ticket.assigneeName ?? '—' }));
    if (ticket.status === 'waiting') lines.push(`⏸ ${t('es', 'tg.status.waiting')}`);
  } else {
    lines.push('', t('es', 'tg.closed', { status: t('es', `tg.status.${ticket.status}`) }));
  }
  return { text: lines.join('\n'), buttons: row.length ? [row] : [] };
}

/** The link of a message: a button when Telegram accepts one, else in the text. */
function withLink(text: string, url: string, publicBaseUrl: string): OutgoingMessage {
  if (isPublicHttps(publicBaseUrl)) return { text, buttons: [[{ text: t('es', 'tg.viewTicket'), url }]] };
  return { text: `${text}\n${url}`, buttons: [] };
}

/** To the assignee: the requester answered (first line of the answer, and the tracked link). */
export function requesterAnsweredMessage(config: MessageConfig, ticket: TicketForMessage, n: Notification, firstLine: string): OutgoingMessage {
  const text = t('es', 'tg.requesterAnswered', { name: displayName(ticket.requesterFirstName, ticket.requesterLastName), code: ticket.code, line: firstLine });
  return withLink(text, trackedLink(config, n), config.publicBaseUrl);
}

/** To a requester who follows the ticket: a technician replied (first line, and the tracking page). */
export function staffRepliedMessage(config: MessageConfig, ticket: TicketForMessage, authorFirstName: string, firstLine: string): OutgoingMessage {
  const text = t('es', 'tg.staffReplied', { name: authorFirstName, code: ticket.code, line: firstLine });
  return withLink(text, `${config.publicBaseUrl}/t/${ticket.code}`, config.publicBaseUrl);
}

/** To a follower of a major incident's child: it was linked to the incident, or a public update (the text, and the tracking page). */
export function incidentNewsMessage(config: MessageConfig, ticket: TicketForMessage, news: { title: string; message: string; isUpdate: boolean }): OutgoingMessage {
  const text = t('es', news.isUpdate ? 'tg.incidentUpdate' : 'tg.incidentLinked', { code: ticket.code, title: news.title, message: news.message });
  return withLink(text, `${config.publicBaseUrl}/t/${ticket.code}`, config.publicBaseUrl);
}

/** To a follower of a child resolved with its incident: the incident and its resolution note. */
export function incidentResolvedMessage(config: MessageConfig, ticket: TicketForMessage, incident: { title: string; note: string }): OutgoingMessage {
  const text = t('es', 'tg.incidentResolved', { code: ticket.code, title: incident.title, note: incident.note });
  return withLink(text, `${config.publicBaseUrl}/t/${ticket.code}`, config.publicBaseUrl);
}

/** A status as the requester reads it ("En espera de su respuesta", not "…del solicitante"). */
export const requesterStatusName = (status: TicketForMessage['status']): string => (status === 'waiting' ? t('es', 'portal.status.waiting') : t('es', `tg.status.${status}`));

/** A requester who follows a ticket: its new status. */
export function requesterStatusMessage(config: MessageConfig, ticket: TicketForMessage): OutgoingMessage {
  const text = t('es', 'tg.statusChanged', { code: ticket.code, status: requesterStatusName(ticket.status) });
  const url = `${config.publicBaseUrl}/t/${ticket.code}`;
  if (isPublicHttps(config.publicBaseUrl)) return { text, buttons: [[{ text: t('es', 'tg.viewTicket'), url }]] };
  return { text: `${text}\n${url}`, buttons: [] };
}

/** To the assignee (75 % of a target) or the admins (breach): which ticket, its priority, how long left. */
export function slaMessage(config: MessageConfig, ticket: TicketForMessage, n: Notification, kind: SlaNoticeKind, now: number): OutgoingMessage {
  const firstResponse = kind.startsWith('first_response');
  const due = firstResponse ? ticket.firstResponseDueAt : ticket.resolutionDueAt;
  const params = {
    code: ticket.code,
    priority: t('es', `priority.${priorityOfLane(ticket.lane)}`).toLowerCase(),
    what: t('es', firstResponse ? 'sla.firstResponse' : 'sla.resolution').toLowerCase(),
    time: formatDuration(due === null ? 0 : Math.max(0, (due - now) / 60_000)),
  };
  const text = t('es', kind.endsWith('_warning') ? 'tg.slaWarning' : 'tg.slaBreach', params);
  return withLink(text, trackedLink(config, n), config.publicBaseUrl);
}

/** `9:40` in the institution's time zone (how people say the time of day). */
export function formatTimeOfDay(epochMs: number, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return `${Number(parts.hour)}:${parts.minute}`;
}

/** «Sede Central», «Sede Central y Agencia Norte», «Sede Central y 3 oficinas más». */
export function officeList(offices: readonly string[], locale: 'es' | 'en' = 'es'): string {
  const [first, second] = offices;
  if (first === undefined) return '—';
  if (second === undefined) return first;
  if (offices.length === 2) return t(locale, 'suggestion.offices.two', { first, second });
  return t(locale, 'suggestion.offices.more', { first, count: offices.length - 1 });
}

/** To on-duty staff, once per suggestion: what the detector saw, and where to declare it (the queue). */
export function suggestionMessage(config: MessageConfig, s: SuggestionForMessage): OutgoingMessage {
  const text = t('es', 'tg.suggestion', { count: s.ticketCount, category: s.category, offices: officeList(s.offices), time: formatTimeOfDay(s.since, config.timeZone) });
  const url = `${config.publicBaseUrl}/staff/queue`;
  if (isPublicHttps(config.publicBaseUrl)) return { text, buttons: [[{ text: t('es', 'tg.openQueue'), url }]] };
  return { text: `${text}\n${t('es', 'tg.suggestionAction', { url })}`, buttons: [] };
}
