/**
 * Sends one follower e-mail (a staff reply, or a new status) to the requester's address in the
 * directory, read now — not stored with the job. A notification already sent is not sent again;
 * a refusal for good (5xx) marks it failed without retrying; anything else propagates for the
 * worker's retries. The log never gets the address or the text.
 */
import { t } from '../../i18n';
import { findTicketMessage } from '../../tickets/ticket-messages.repository';
import { firstNameOf } from '../../tickets/conversation';
import type { NotificationDeps } from '../deps';
import { requesterStatusName } from '../messages';
import { incidentNewsText, resolvedIncidentOfTicket } from '../../incidents/incidents.repository';
import { PermanentMailError, type OutgoingMail } from '../email/mailer';
import { findRequesterEmail } from '../followers.repository';
import { findNotification, findTicketForMessage, markFailed, markSent, noteDeliveryError } from '../notifications.repository';
import type { DeliveryOutcome, NoticeSubject } from './deliver-notification';

export async function deliverEmail(deps: NotificationDeps, notificationId: number, subject: NoticeSubject): Promise<DeliveryOutcome> {
  const { db } = deps.database;
  const n = await findNotification(db, notificationId);
  if (!n || n.channel !== 'email') return 'skipped';
  if (n.status === 'sent') return 'already-sent';
  if (!deps.mailer) {
    await markFailed(db, n.id, 'correo desactivado');
    return 'skipped';
  }
  const [ticket, to] = await Promise.all([findTicketForMessage(db, n.ticketId), findRequesterEmail(db, n.ticketId)]);
  if (!ticket || !to) {
    await markFailed(db, n.id, 'sin correo en el directorio');
    return 'skipped';
  }
  const url = `${deps.config.publicBaseUrl}/t/${ticket.code}`;
  let mail: OutgoingMail;
  if (n.kind === 'reply') {
    const message = subject.messageId === undefined ? null : await findTicketMessage(db, subject.messageId);
    if (!message) {
      await markFailed(db, n.id, 'mensaje no encontrado');
      return 'skipped';
    }
    const name = firstNameOf(message.authorFullName ?? '');
    mail = { to, subject: t('es', 'email.reply.subject', { code: ticket.code }), text: t('es', 'email.reply.body', { name, code: ticket.code, text: message.text, url }) };
  } else if (n.kind === 'incident') {
    const news = subject.incidentId === undefined ? null : await incidentNewsText(db, subject.incidentId, subject.updateId);
    if (!news) {
      await markFailed(db, n.id, 'incidente no encontrado');
      return 'skipped';
    }
    const key = subject.updateId === undefined ? 'incidentLinked' : 'incidentUpdate';
    const params = { code: ticket.code, title: news.title, message: news.message, url };
    mail = { to, subject: t('es', `email.${key}.subject`, params), text: t('es', `email.${key}.body`, params) };
  } else {
    const statusCode = subject.status ?? ticket.status;
    // A child resolved with its incident: the incident and its note.
    const incident = statusCode === 'resolved' ? await resolvedIncidentOfTicket(db, ticket.id) : null;
    const status = requesterStatusName(statusCode);
    mail = incident
      ? {
          to,
          subject: t('es', 'email.incidentResolved.subject', { code: ticket.code }),
          text: t('es', 'email.incidentResolved.body', { code: ticket.code, title: incident.title, note: incident.note, url }),
        }
      : { to, subject: t('es', 'email.status.subject', { code: ticket.code, status }), text: t('es', 'email.status.body', { code: ticket.code, status, url }) };
  }
  try {
    await deps.mailer.send(mail);
  } catch (err) {
    if (err instanceof PermanentMailError) {
      await markFailed(db, n.id, err.message);
      return 'unreachable';
    }
    await noteDeliveryError(db, n.id, err instanceof Error ? err.message : String(err));
    throw err;
  }
  await markSent(db, n.id, null, deps.clock());
  return 'sent';
}
