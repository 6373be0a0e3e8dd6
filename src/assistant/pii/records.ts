/**
 * Personal records beyond DNI, phone and e-mail: bank account and CCI numbers, carnet de
 * extranjería and passport numbers, and home addresses ("Jr. Lima 123", "Av. Núñez 456",
 * "Mz. B Lt. 7"). Every pattern has bounded repetitions and starts only after a non-letter, so
 * its cost is linear in the text.
 */

/** A CCI (código de cuenta interbancario) is 20 digits, grouped or not; nothing else a technician needs is. */
export const CCI_RE = /(?<![\p{L}\p{N}_]|[\p{N}][ -])\d(?:[ -]?\d){19}(?![\p{L}\p{N}_]|[ -]?\d)/gu;

/** After an account word, any 10–23 digit number is an account ("cuenta de ahorros BCP 191-12345678-0-12"). */
export const ACCOUNT_RE = new RegExp(
  String.raw`(?<![\p{L}])((?:cuentas?|cta|cci|interbancari[oa]|n[uú]mero de cuenta|nro\.? de cuenta)\.?(?:\s+(?:de|del|mi|su|es|en|el|bancaria|ahorros|corriente|sueldo|bcp|interbank|bbva|scotiabank|naci[oó]n|banco|n[°º]\.?|nro\.?|interbancari[oa]|cci|soles|d[oó]lares)){0,5}\s*(?:[:=]\s*)?)(\d(?:[ -]?\d){9,22})(?![\p{N}])`,
  'giu',
);

/** Carnet de extranjería and passport numbers, after their name: letters and digits, mostly digits. */
export const FOREIGN_ID_RE = new RegExp(
  String.raw`(?<![\p{L}]|[\p{L}\p{N}]-)((?:carn[eé]t?\s+de\s+extranjer[ií]a|c\.\s?e\.|ce|pasaporte|passport|pass\.)(?:\s+(?:n[°º]\.?|nro\.?|n[uú]mero|es|mi|de|del))?\s*(?:[:#]\s*)?)([A-Za-z]{0,3}\d[\dA-Za-z-]{5,13})(?![\p{L}\p{N}])`,
  'giu',
);

/** Street, block and lot words (abbreviations need their dot: "Ca." but not "ca"). */
const STREET = String.raw`(?:jr\.|jir[oó]n|av\.|avda\.|avenida|calle|ca\.|psje\.|pje\.|pasaje|prolongaci[oó]n|prol\.|urb\.|urbanizaci[oó]n|mz\.?|manzana|asoc\.|asociaci[oó]n|aa\.?\s?hh\.?|asentamiento humano|pueblo joven)`;
const PART = String.raw`(?:\s*,?\s*(?:lt|lote|mz|manzana|dpto|dep|int|interior|piso|block|bloque)\.?\s*[\p{L}\p{N}]{1,5})`;
/** A street word, up to five words of name, a number, and its block, lot or flat. */
export const ADDRESS_RE = new RegExp(String.raw`(?<![\p{L}])${STREET}\s+(?:[\p{L}.'’-]{1,30}\s+){0,5}(?:n[°º.]?\s*)?\d{1,5}${PART}{0,3}(?![\p{N}])`, 'giu');

/**
 * "DNI45873216", "DNI-45873216", "cel987654321": a document or phone word glued to its number, or
 * joined by a hyphen, gets a space instead — but not inside a code (0x05ce…, TK-CE000000, TK-WSP…).
 */
export const GLUED_NUMBER_RE = /(?<![\p{L}\p{N}_]|[\p{L}\p{N}]-)(dni|ruc|cel|celular|telf|tel|tlf|movil|m[oó]vil|wsp|whatsapp|ce|pasaporte|cci|cta|cuenta|pin|clave)-?(?=\d)/giu;
