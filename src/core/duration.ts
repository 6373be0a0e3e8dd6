/**
 * The one duration format of every page: "12 min", "4 h 1 min", "3 d 4 h" (server pages, the
 * dashboards, the monthly report and queue.ts in the browser).
 */
export function formatDuration(minutesRaw: number): string {
  if (minutesRaw > 0 && minutesRaw < 0.5) return '< 1 min';
  const minutes = Math.max(0, Math.round(minutesRaw));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
