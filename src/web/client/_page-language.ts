/**
 * One language per page: every request a page's script makes asks for the page's language
 * (`<html lang>`), so messages fetched from the API (a DNI check, an assistant reply, an import
 * report) never follow the browser's own Accept-Language instead.
 */
export function pageLanguage(): string {
  return document.documentElement.lang === 'en' ? 'en' : 'es';
}

/** The headers of a page script's request, with the page's language added. */
export function pageHeaders(headers: Record<string, string> = {}): Record<string, string> {
  return { ...headers, 'accept-language': pageLanguage() };
}
