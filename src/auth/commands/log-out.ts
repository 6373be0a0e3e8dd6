import type { Executor } from '../../db/database';
import { deleteSession } from '../sessions.repository';

/** Ends one session (by its id, the SHA-256 of the cookie). */
export async function logOut(deps: { db: Executor }, sessionId: string | null): Promise<void> {
  if (sessionId) await deleteSession(deps.db, sessionId);
}
