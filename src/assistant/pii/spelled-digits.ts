/**
 * Numbers written to get past a filter or read aloud: digits spelled in words ("cuatro cinco
 * ocho siete…", "noventa y ocho, setenta y seis…"), mixed with digits ("45 ochenta y siete…"),
 * and the letter O typed for a zero ("4O87 1236"). A token scanner, linear in the text.
 */
import { normalizeText } from '../spanish';

const UNITS: Record<string, string> = {
  cero: '0',
  uno: '1',
  una: '1',
  dos: '2',
  tres: '3',
  cuatro: '4',
  cinco: '5',
  seis: '6',
  siete: '7',
  ocho: '8',
  nueve: '9',
};
const TEENS: Record<string, string> = {
  diez: '10',
  once: '11',
  doce: '12',
  trece: '13',
  catorce: '14',
  quince: '15',
  dieciseis: '16',
  diecisiete: '17',
  dieciocho: '18',
  diecinueve: '19',
  veinte: '20',
  veintiuno: '21',
  veintiun: '21',
  veintidos: '22',
  veintitres: '23',
  veinticuatro: '24',
  veinticinco: '25',
  veintiseis: '26',
  veintisiete: '27',
  veintiocho: '28',
  veintinueve: '29',
};
const TENS: Record<string, string> = {
  treinta: '3',
  cuarenta: '4',
  cincuenta: '5',
  sesenta: '6',
  setenta: '7',
  ochenta: '8',
  noventa: '9',
};

/** Fewer digits than this is a count or a model number, not a document or a phone. */
const MIN_DIGITS = 6;
const TOKEN_RE = /[\p{L}\p{N}]{1,40}/gu;
/** Between the parts of one number: spaces, commas, dots, dashes. */
const GAP_RE = /^[\s,.-]{1,4}$/u;

interface Token {
  norm: string;
  start: number;
  end: number;
}

export interface SpelledNumber {
  start: number;
  end: number;
  digits: string;
}

/** The digits a token stands for, or null when it is no part of a number. */
function digitsOf(token: Token, next: Token | undefined, afterNext: Token | undefined): { digits: string; used: number } | null {
  const w = token.norm;
  if (/^\d+$/u.test(w)) return { digits: w, used: 1 };
  if (UNITS[w]) return { digits: UNITS[w], used: 1 };
  if (TEENS[w]) return { digits: TEENS[w], used: 1 };
  const tens = TENS[w];
  if (tens) {
    // "noventa y ocho" = 98; "noventa" alone = 90.
    if (next?.norm === 'y' && afterNext && UNITS[afterNext.norm] && afterNext.norm !== 'cero') return { digits: `${tens}${UNITS[afterNext.norm]}`, used: 3 };
    return { digits: `${tens}0`, used: 1 };
  }
  return null;
}

/** Numbers of six digits or more written with at least one word, with their digits. */
export function findSpelledNumbers(text: string): SpelledNumber[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const start = m.index ?? 0;
    tokens.push({ norm: normalizeText(m[0]), start, end: start + m[0].length });
  }
  const found: SpelledNumber[] = [];
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    let digits = '';
    let words = 0;
    let end = -1;
    while (j < tokens.length) {
      if (j > i && !GAP_RE.test(text.slice(tokens[j - 1]!.end, tokens[j]!.start))) break;
      const part = digitsOf(tokens[j]!, tokens[j + 1], tokens[j + 2]);
      if (!part) break;
      if (!/^\d+$/u.test(tokens[j]!.norm)) words++;
      digits += part.digits;
      end = tokens[j + part.used - 1]!.end;
      j += part.used;
      if (digits.length > 24) break;
    }
    if (words > 0 && digits.length >= MIN_DIGITS) {
      found.push({ start: tokens[i]!.start, end, digits });
      i = j;
    } else {
      i = Math.max(i + 1, j);
    }
  }
  return found;
}

/**
 * "4O87 1236" → "4087 1236": an O (or o) inside a run of digits (at least five of them, grouped
 * or not) is a zero typed with the wrong key. Same length, so positions in the text do not move.
 */
export function zeroForLetterO(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])[\dOo](?:[ .-]?[\dOo]){5,23}(?![\p{L}\p{N}])/gu, (run) => {
    if (!/[Oo]/u.test(run)) return run;
    const digits = run.replace(/\D/gu, '').length;
    return digits >= 5 ? run.replace(/[Oo]/gu, '0') : run;
  });
}
