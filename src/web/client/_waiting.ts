import { formatDuration } from '../../core/duration';

/** How long a ticket has waited, from milliseconds (whole minutes, rounded down). */
export function formatWaiting(ms: number): string {
  return formatDuration(Math.max(0, Math.floor(ms / 60_000)));
}
