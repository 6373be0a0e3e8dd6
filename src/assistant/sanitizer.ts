/**
 * The PII sanitizer: runs on every chat message before anything leaves the server (to the model,
 * into a ticket draft). It replaces personal data with typed placeholders and leaves alone what a
 * technician needs (error codes, IP addresses, ticket codes, years, printer models, extensions).
 *
 * Pure: the only input besides the text is a `NameMatcher` built from the staff directory
 * (see `directory-names.ts`). When in doubt it masks — a masked error code costs a question,
 * a leaked DNI cannot be taken back.
 */
import { normalizeText, SPANISH_STOP_WORDS } from './spanish';
import { findSpokenEmails } from './pii/spoken-email';
import { findSpelledNumbers, zeroForLetterO } from './pii/spelled-digits';
import { ACCOUNT_RE, ADDRESS_RE, CCI_RE, FOREIGN_ID_RE, GLUED_NUMBER_RE } from './pii/records';

export const PLACEHOLDERS = {
  dni: '[DNI]',
  ruc: '[RUC]',
  phone: '[TELÉFONO]',
  email: '[CORREO]',
  card: '[TARJETA]',
  password: '[CONTRASEÑA]',
  user: '[USUARIO]',
  name: '[NOMBRE]',
  document: '[DOCUMENTO]',
  account: '[CUENTA]',
  address: '[DIRECCIÓN]',
  number: '[NÚMERO]',
} as const;

/** Finds full names of people in the directory; `[start, end)` ranges in the original text. */
export interface NameMatcher {
  find(text: string): Array<[number, number]>;
}

// A digit may not touch another digit or a letter (0x80070005, KB5034441, M404dn stay intact),
// nor continue with a separator and more digits (192.168.1.25 is not a DNI followed by junk).
const START = String.raw`(?<![\p{L}\p{N}_]|[\p{N}][ .-]|[.+/-])`;
const END = String.raw`(?![\p{L}\p{N}_]|[ .-]?[\p{N}]|\.[\p{L}\p{N}])`;

/*
 * Linear time, always: every pattern below either has a bounded length, or starts only where a
 * run of its first character class starts (a lookbehind of the same class) with bounded runs, and
 * no quantified group overlaps what follows it. Adversarial input (an anonymous chat message) must
 * never make the event loop wait; see "sanitizes adversarial repetitions in linear time".
 */
const EMAIL_RE = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,6}\.\p{L}{2,24}(?![\p{L}])/gu;

const IPV4_RE = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d]|\.\d)/g;

/** Card numbers: 13–19 digits, optionally in groups; masked only when the Luhn check passes. */
const CARD_RE = new RegExp(`${START}\\d(?:[ -]?\\d){12,18}${END}`, 'gu');

/** RUC: 11 digits starting with 10, 15, 16, 17 or 20, grouped or not ("20 123456789"). */
const RUC_RE = new RegExp(`${START}(?:10|15|16|17|20)(?:[ .-]?\\d){9}${END}`, 'gu');

const PHONE_RES: RegExp[] = [
  // Mobile: 9 digits starting with 9, grouped or not, with or without +51 / 0051.
  new RegExp(`(?<![\\p{L}\\p{N}_.+-])(?:(?:\\+|00)\\s?\\(?51\\)?[ .-]?|\\(?51\\)?[ .-]?)?9(?:[ .-]?\\d){8}${END}`, 'gu'),
  // International landline: +51 1 4567890, +51 44 234567.
  new RegExp(`(?:\\+|00)\\(?51\\)?[ .-]?\\(?\\d{1,2}\\)?[ .-]?\\d{3}[ .-]?\\d{3,4}${END}`, 'gu'),
  // Lima with its area code: (01) 456-7890, 01 4567890, 01-456-7890.
  new RegExp(`${START}\\(?01\\)?[ .-]?\\d{3}[ .-]?\\d{4}${END}`, 'gu'),
  // Provinces with area code: (044) 234567, 044-234567, 074 23 4567.
  new RegExp(`${START}\\(?0[4-8]\\d\\)?[ .-]?\\d{2,3}[ .-]?\\d{3,4}${END}`, 'gu'),
  // A local number written like a phone: 456-7890, 456 7890.
  new RegExp(`${START}[2-7]\\d{2}[ -]\\d{4}${END}`, 'gu'),
];

/** After a phone word, any 6–12 digit number is a phone whatever its shape. */
const PHONE_WORD_RE = new RegExp(
  String.raw`(?<![\p{L}])((?:tel[eé]fonos?|telf|tlf|tel|cel|celular|m[oó]vil|whatsapp|wsp|fijo|ll[aá]m[ae]me al|ll[aá]mame al)\.?(?:\s+(?:es|era|de contacto|personal|nro\.?|n[°º]|n[uú]mero)){0,4}\s*(?:[:=]\s*)?)(\+?\(?\d[\d ().-]{4,16}\d)`,
  'giu',
);

/** Dates are not DNIs: 15-03-2024, 2024-03-15, 15 03 2024. */
const DATE = String.raw`(?:[0-3]?\d[ /.-][01]?\d[ /.-](?:19|20)\d{2}|(?:19|20)\d{2}[ /.-][01]?\d[ /.-][0-3]?\d)(?!\d)`;

// DNI: 8 digits, or written with spaces, hyphens or dots in any grouping.
const DNI_RE = new RegExp(`${START}(?!${DATE})\\d(?:[ .-]?\\d){7}${END}`, 'gu');

/** A DNI with its check digit: "72785937-2". */
const DNI_CHECK_RE = new RegExp(`${START}\\d{8}\\s?-\\s?[0-9Kk](?![\\p{L}\\p{N}_])`, 'gu');

const SECRET_KEYWORDS = String.raw`contrase[ñn]as?|claves?|passwords?|passw|pass|pwd|pin`;
const USER_KEYWORDS = String.raw`usuarios?|user(?:name)?|login`;
/** Words that may sit between the keyword and the secret ("la clave del wifi es …"). */
const CONNECTOR = String.raw`(?:[\s,]+(?:es|era|ser[ií]a|sea|actual|nueva|nuevo|anterior|temporal|de|del|mi|la|el|para|wifi|wi-fi|red|correo|sistema|acceso|siaf|siga|windows|pc|en|que|puse|uso|tengo|ahora|me|dieron|dio|token|tarjeta|is|my|the|of)(?![\p{L}\p{N}])){0,7}`;
const CREDENTIAL_RE = new RegExp(
  String.raw`(?<![\p{L}\[])(${SECRET_KEYWORDS}|${USER_KEYWORDS})(?![\p{L}])(${CONNECTOR})(\s*(?:(?:[:=]|->|→)\s*)?)("[^"\n]{1,64}"|'[^'\n]{1,64}'|«[^»\n]{1,64}»|[^\s"'«]{1,64})`,
  'giu',
);

/** Words after "clave"/"usuario" that are plain Spanish, not a secret ("olvidé mi clave y …"). */
const COMMON_AFTER_KEYWORD = new Set(
  `bloqueado bloqueada bloqueados incorrecto incorrecta correcto correcta caduco caducada caducado vencio vencida vencido expiro
  expirada expirado funciona sirve vale dice pide aparece sale es era no ni ya y o u e a al se me mi mis su sus lo la le les los las
  que del de en con por para cuando como pero porque pues tambien tampoco otra otro nuevo nueva antiguo antigua anterior actual
  institucional administrador admin olvidada olvidado olvide perdi cambie cambio cambiar restablecer resetear desbloquear
  bloquearon bloquearon ingresar entrar acceder correcta temporal segura fuerte debil larga corta varias veces dias`
    .split(/\s+/)
    .filter(Boolean),
);

const PLACEHOLDER_TOKEN = /^\[[A-ZÁÉÍÓÚÑ]+\]/u;

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Characters whose removal would glue a placeholder to the following word: keep them outside. */
function splitTrailingPunctuation(token: string): [string, string] {
  let end = token.length;
  while (end > 0 && '.,;:!?)'.includes(token[end - 1]!)) end--;
  if (end === 0 || end === token.length) return [token, ''];
  return [token.slice(0, end), token.slice(end)];
}

function isSecretLike(token: string): boolean {
  const norm = normalizeText(token);
  if (COMMON_AFTER_KEYWORD.has(norm) || SPANISH_STOP_WORDS.has(norm)) return false;
  return true;
}

/** "…la contraseña nueva es X, la anterior era Y": a second secret referred to without its keyword. */
const FOLLOW_UP_SECRET_RE = /(?<![\p{L}])((?:anterior|nueva|nuevo|actual|vieja|antigua|otra|temporal)\s+(?:es|era|ser[ií]a|fue)\s*(?:[:=]\s*)?)([^\s"'«]{1,64})/giu;

function maskCredentials(text: string): string {
  const masked = maskKeywordCredentials(text);
  if (masked === text) return masked;
  return masked.replace(FOLLOW_UP_SECRET_RE, (whole, lead: string, token: string) => {
    const [core, trailing] = splitTrailingPunctuation(token);
    if (!core || PLACEHOLDER_TOKEN.test(core) || !isSecretLike(core)) return whole;
    return `${lead}${PLACEHOLDERS.password}${trailing}`;
  });
}

function maskKeywordCredentials(text: string): string {
  return text.replace(CREDENTIAL_RE, (whole, keyword: string, connector: string, separator: string, token: string) => {
    if (PLACEHOLDER_TOKEN.test(token)) return whole;
    const isUser = new RegExp(`^(?:${USER_KEYWORDS})$`, 'iu').test(keyword);
    const placeholder = isUser ? PLACEHOLDERS.user : PLACEHOLDERS.password;
    const quoted = /^["'«]/.test(token);
    const [core, trailing] = quoted ? [token, ''] : splitTrailingPunctuation(token);
    if (!core) return whole;
    const explicit = /[:=→]|->/.test(separator) || /\b(es|era|ser[ií]a|sea|is)\b/iu.test(connector) || quoted;
    const identifierLike = /[\d._@#$%&*!?-]/u.test(core) || /\p{Ll}\p{Lu}/u.test(core);
    if (explicit) {
      if (!quoted && !identifierLike && !isSecretLike(core)) return whole;
    } else if (connector.trim()) {
      // "los usuarios de la oficina…": words after a connector are masked only if they look like a secret.
      if (!identifierLike) return whole;
    } else if (!identifierLike && !isSecretLike(core)) {
      return whole;
    }
    return `${keyword}${connector}${separator}${placeholder}${trailing}`;
  });
}

/** Replaces non-overlapping `[start, end)` ranges (in order) with one placeholder, in one pass. */
function replaceRanges(text: string, ranges: Array<[number, number]>, placeholder: string): string {
  if (!ranges.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    parts.push(text.slice(at, start), placeholder);
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function maskNames(text: string, matcher: NameMatcher | undefined): string {
  return matcher ? replaceRanges(text, matcher.find(text), PLACEHOLDERS.name) : text;
}

/**
 * Masks personal data in one message. Order matters: e-mail addresses first (they contain
 * names and digits), then long digit runs from the longest (cards, RUC) to the shortest (DNI),
 * then credentials after their keywords, then directory names.
 */
export function sanitize(text: string, names?: NameMatcher): string {
  // NUL marks the addresses set aside below; a message has no business carrying one.
  let out = text.replace(/\u0000/g, '');
  // Spellings that hide a number: "DNI45873216", "4O87 1236", "cuatro cinco ocho siete…".
  out = zeroForLetterO(out.replace(GLUED_NUMBER_RE, '$1 '));
  out = replaceSpelledNumbers(out);
  out = out.replace(EMAIL_RE, PLACEHOLDERS.email);
  out = replaceRanges(out, findSpokenEmails(out), PLACEHOLDERS.email);
  // IPv4 addresses are what a technician needs most, and look like grouped digits: set them aside.
  const ips: string[] = [];
  out = out.replace(IPV4_RE, (ip) => `\u0000${ips.push(ip) - 1}\u0000`);
  out = out.replace(ACCOUNT_RE, (_m, lead: string) => `${lead}${PLACEHOLDERS.account}`);
  out = out.replace(CCI_RE, PLACEHOLDERS.account);
  out = out.replace(CARD_RE, (m) => {
    const digits = m.replace(/\D/g, '');
    return luhnValid(digits) ? PLACEHOLDERS.card : m;
  });
  out = out.replace(FOREIGN_ID_RE, (_m, lead: string) => `${lead}${PLACEHOLDERS.document}`);
  out = out.replace(RUC_RE, PLACEHOLDERS.ruc);
  out = out.replace(PHONE_WORD_RE, (_m, lead: string) => `${lead}${PLACEHOLDERS.phone}`);
  for (const re of PHONE_RES) out = out.replace(re, PLACEHOLDERS.phone);
  out = out.replace(DNI_CHECK_RE, PLACEHOLDERS.dni);
  out = out.replace(DNI_RE, PLACEHOLDERS.dni);
  out = out.replace(ADDRESS_RE, PLACEHOLDERS.address);
  out = out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => ips[Number(i)] ?? '');
  out = maskCredentials(out);
  out = maskNames(out, names);
  return out;
}

/** A number written with words gets the placeholder its length suggests. */
function replaceSpelledNumbers(text: string): string {
  const found = findSpelledNumbers(text);
  if (!found.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (const n of found) {
    const kind = n.digits.length === 8 ? PLACEHOLDERS.dni : n.digits.length === 9 && n.digits.startsWith('9') ? PLACEHOLDERS.phone : n.digits.length === 11 ? PLACEHOLDERS.ruc : PLACEHOLDERS.number;
    parts.push(text.slice(at, n.start), kind);
    at = n.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
