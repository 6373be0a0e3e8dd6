/** Who is acting: a signed-in staff user (web session) or an API token holder. */
import type { Channel, UserRole } from '../db/schema';

export interface Actor {
  userId: number;
  username: string;
  fullName: string;
  role: UserRole;
  /** How the request was authenticated: a session cookie (web) or a bearer token (api). */
  via: 'session' | 'token';
  /** A confirmed second factor (sessions only; API tokens are unaffected by TOTP). */
  totpEnabled?: boolean;
}

/** The channel recorded in the audit trail for an actor's request. */
export const channelOf = (actor: Actor): Channel => (actor.via === 'token' ? 'api' : 'web');
