/**
 * Every user-facing string lives in a locale file: `es/*.ts` (default) and `en/*.ts`, one file
 * per area. The English files are typed against the Spanish ones, so a missing key is a type error.
 * To add an area: create `es/<area>.ts` and `en/<area>.ts` and spread both below.
 */
import { errors as esErrors } from './es/errors';
import { errors as enErrors } from './en/errors';
import { layout as esLayout } from './es/layout';
import { layout as enLayout } from './en/layout';
import { assistant as esAssistant } from './es/assistant';
import { assistant as enAssistant } from './en/assistant';
import { portal as esPortal } from './es/portal';
import { portal as enPortal } from './en/portal';
import { staff as esStaff } from './es/staff';
import { staff as enStaff } from './en/staff';
import { admin as esAdmin } from './es/admin';
import { admin as enAdmin } from './en/admin';
import { metrics as esMetrics } from './es/metrics';
import { metrics as enMetrics } from './en/metrics';
import { workspace as esWorkspace } from './es/workspace';
import { workspace as enWorkspace } from './en/workspace';
import { notifications as esNotifications } from './es/notifications';
import { notifications as enNotifications } from './en/notifications';
import { equipment as esEquipment } from './es/equipment';
import { equipment as enEquipment } from './en/equipment';
import { attachments as esAttachments } from './es/attachments';
import { attachments as enAttachments } from './en/attachments';
import { conversation as esConversation } from './es/conversation';
import { conversation as enConversation } from './en/conversation';
import { sla as esSla } from './es/sla';
import { sla as enSla } from './en/sla';
import { incidents as esIncidents } from './es/incidents';
import { incidents as enIncidents } from './en/incidents';
import { incidentStaff as esIncidentStaff } from './es/incident-staff';
import { incidentStaff as enIncidentStaff } from './en/incident-staff';
import { offline as esOffline } from './es/offline';
import { offline as enOffline } from './en/offline';
import { incidentsPublic as esIncidentsPublic } from './es/incidents-public';
import { incidentsPublic as enIncidentsPublic } from './en/incidents-public';

export type Locale = 'es' | 'en';
export const LOCALES: Locale[] = ['es', 'en'];
export const DEFAULT_LOCALE: Locale = 'es';

const es = {
  ...esErrors,
  ...esAssistant,
  ...esLayout,
  ...esPortal,
  ...esStaff,
  ...esAdmin,
  ...esMetrics,
  ...esWorkspace,
  ...esNotifications,
  ...esEquipment,
  ...esAttachments,
  ...esConversation,
  ...esSla,
  ...esOffline,
  ...esIncidents,
  ...esIncidentStaff,
  ...esIncidentsPublic,
};
const en: Record<keyof typeof es, string> = {
  ...enErrors,
  ...enAssistant,
  ...enLayout,
  ...enPortal,
  ...enStaff,
  ...enAdmin,
  ...enMetrics,
  ...enWorkspace,
  ...enNotifications,
  ...enEquipment,
  ...enAttachments,
  ...enConversation,
  ...enSla,
  ...enOffline,
  ...enIncidents,
  ...enIncidentStaff,
  ...enIncidentsPublic,
};

export type MessageKey = keyof typeof es;
const catalogs: Record<Locale, Record<MessageKey, string>> = { es, en };

export type Params = Record<string, string | number>;

/**
 * The IT office's name (`IT_OFFICE_NAME`, `IT_OFFICE_NAME_EN`), filled into every `{itOffice}`.
 * Set once at start-up by `buildApp`; the defaults match the configuration's.
 */
const itOfficeNames: Record<Locale, string> = { es: 'Oficina de Tecnologías de la Información', en: 'Information Technology Office' };
export function setItOfficeName(names: Record<Locale, string>): void {
  itOfficeNames.es = names.es;
  itOfficeNames.en = names.en;
}
export const itOfficeName = (locale: Locale): string => itOfficeNames[locale];

/** Translates a key, replacing `{name}` placeholders (`{itOffice}` is the configured IT office name). */
export function t(locale: Locale, key: MessageKey, params?: Params): string {
  const template = catalogs[locale][key] ?? catalogs.es[key] ?? key;
  if (!params && !template.includes('{itOffice}')) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    if (params && name in params) return String(params[name]);
    return name === 'itOffice' ? itOfficeNames[locale] : m;
  });
}

export type Translate = (key: MessageKey, params?: Params) => string;
export const translator =
  (locale: Locale): Translate =>
  (key, params) =>
    t(locale, key, params);

/** Picks the locale: explicit `lang` (query or cookie) first, then Accept-Language, then Spanish. */
export function pickLocale(explicit: string | undefined | null, acceptLanguage: string | undefined): Locale {
  if (explicit === 'es' || explicit === 'en') return explicit;
  if (acceptLanguage) {
    const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}
