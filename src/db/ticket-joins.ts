/**
 * A ticket as every list, detail, message and export shows it: joined to its category and office
 * (always there: foreign keys, never deleted), and to its requester (`staff`) and assignee (`users`,
 * none while queued) when the view names them. One place for these joins and the columns they name,
 * so the five views read the same rows the same way.
 */
import type { Executor } from './database';

/** Tickets with their category and office. */
export const ticketsWithPlace = (db: Executor) => db.selectFrom('tickets').innerJoin('categories', 'categories.id', 'tickets.category_id').innerJoin('offices', 'offices.id', 'tickets.office_id');

/** …and the requester. */
export const ticketsWithRequester = (db: Executor) => ticketsWithPlace(db).innerJoin('staff', 'staff.id', 'tickets.staff_id');

/** …and the assignee (a left join: a queued ticket has none). */
export const ticketsWithAssignee = (db: Executor) => ticketsWithPlace(db).leftJoin('users', 'users.id', 'tickets.assignee_id');

/** …with both the requester and the assignee. */
export const ticketsWithPeople = (db: Executor) => ticketsWithRequester(db).leftJoin('users', 'users.id', 'tickets.assignee_id');

/** The category's and office's names, as `category` and `office`. */
export const placeNames = ['categories.name as category', 'offices.name as office'] as const;

/** The requester's names. */
export const requesterNames = ['staff.first_name', 'staff.last_name'] as const;
