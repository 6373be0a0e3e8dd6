/**
 * Recording staff reads of requesters' personal data (DNI, phone) in the access log. Called by
 * the adapters that show it (staff ticket API and page, DNI searches, the staff directory),
 * after the data was read and before it is sent. Only who, when, where and whose — never the value.
 */
import type { Executor } from '../db/database';
import type { PersonalDataAccessKind } from '../db/schema';
import { insertPersonalDataRead, staffIdByDni, type PersonalField } from './access-log.repository';

const REAL_DNI = /^\d{8}$/;

/** A staff view of one ticket (its requester's DNI, and phones when there are any). */
export async function recordTicketRead(
  db: Executor,
  now: number,
  userId: number,
  kind: Extract<PersonalDataAccessKind, 'ticket_api' | 'ticket_page'>,
  ticket: { id: number; contactPhone: string | null; requester: { staffId: number; dni: string; phone: string | null } },
): Promise<void> {
  // An anonymised ticket (retention) shows no one's data: nothing to record.
  if (!REAL_DNI.test(ticket.requester.dni)) return;
  const fields: PersonalField[] = ['dni'];
  if (ticket.contactPhone || ticket.requester.phone) fields.push('phone');
  await insertPersonalDataRead(db, { at: now, userId, kind, fields, ticketId: ticket.id, staffId: ticket.requester.staffId });
}

/** A ticket search by DNI: it tells whose tickets these are. */
export async function recordDniSearch(db: Executor, now: number, userId: number, q: string | undefined): Promise<void> {
  const text = (q ?? '').trim();
  if (!REAL_DNI.test(text)) return;
  const staffId = await staffIdByDni(db, text);
  if (staffId === null) return;
  await insertPersonalDataRead(db, { at: now, userId, kind: 'ticket_search', fields: ['dni'], staffId });
}

/** A page of the staff directory (DNI and phone of each person listed). */
export async function recordDirectoryRead(db: Executor, now: number, userId: number, people: { id: number; phone: string | null }[]): Promise<void> {
  if (!people.length) return;
  const fields: PersonalField[] = people.some((p) => p.phone) ? ['dni', 'phone'] : ['dni'];
  await insertPersonalDataRead(db, { at: now, userId, kind: 'staff_directory', fields, staffId: people.length === 1 ? people[0]!.id : null, people: people.length });
}

/**
 * Equipment admin answers and pages that show custodians' DNIs (the list, one asset, its edit
 * form, the saved asset). Assets without a custodian show no one's data: nothing is recorded.
 */
export async function recordCustodianRead(db: Executor, now: number, userId: number, assets: { custodian: { staffId: number } | null }[]): Promise<void> {
  const people = [...new Set(assets.flatMap((a) => (a.custodian ? [a.custodian.staffId] : [])))];
  if (!people.length) return;
  await insertPersonalDataRead(db, { at: now, userId, kind: 'equipment', fields: ['dni'], staffId: people.length === 1 ? people[0]! : null, people: people.length });
}
