/** SQL for reaching a ticket's requester by e-mail (the directory's address, read at send time). */
import type { Executor } from '../db/database';

/** The requester's e-mail from the directory, or null when the directory has none. */
export async function findRequesterEmail(db: Executor, ticketId: number): Promise<string | null> {
  const r = await db.selectFrom('tickets').innerJoin('staff', 'staff.id', 'tickets.staff_id').select('staff.email').where('tickets.id', '=', ticketId).executeTakeFirst();
  const email = r?.email?.trim();
  return email ? email : null;
}
