/**
 * Finds the names of the people the institution knows — the staff directory and the staff users
 * (technicians, admins) — in a chat message, for the sanitizer. Masked:
 * - a full name: a first name and a surname of the SAME person next to each other, in either order
 *   ("Juan Pérez", "Pérez Rojas, Juan Carlos"), ignoring case and accents, even with one typo
 *   ("Juan Peres", "Rosa Quipse");
 * - a surname alone when it is written as a name: capitalised ("la señora Quispe", "llamé a
 *   Mamani"), or after a title ("sr. quispe"); a surname that is also a common word ("Flores",
 *   "Torres") only mid-sentence or after a title.
 * A first name alone ("Rosa me dijo…") passes: it identifies no one among 450 people.
 *
 * Pure, linear in the text: every word is looked up in hash maps (typos through a
 * deletion-neighbourhood index), and a name is at most `MAX_NAME_WORDS` words.
 */
import type { NameMatcher } from './sanitizer';
import { normalizeText } from './spanish';

export interface PersonName {
  firstName: string;
  lastName: string;
}

const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'san', 'da', 'di']);
/** The longest full name looked for ("María del Carmen de la Cruz Flores" has 8 words): bounds the scan. */
const MAX_NAME_WORDS = 10;
/** Words shorter than this are never matched with a typo (too many near neighbours). */
const MIN_FUZZY_LENGTH = 5;
const WORD_RE = /[\p{L}'’]{1,40}/gu;
const TITLES = new Set([
  'sr',
  'sra',
  'srta',
  'senor',
  'senora',
  'senorita',
  'don',
  'dona',
  'dr',
  'dra',
  'doctor',
  'doctora',
  'ing',
  'ingeniero',
  'ingeniera',
  'lic',
  'licenciado',
  'licenciada',
  'prof',
  'profesor',
  'profesora',
  'tecnico',
  'tecnica',
  'colega',
  'companero',
  'companera',
  'jefe',
  'jefa',
]);
/** Surnames that are also everyday words: alone, they are names only mid-sentence with a capital or after a title. */
const COMMON_WORD_SURNAMES = new Set(
  `flores cruz castillo torres rojas rojo rios campos paz luna leon prado vega sol mar rey reyes santos nieves blanco delgado moreno
  calle valle montes lobo bravo salas cuevas pena soto rosas rosa palma ramos mesa lima arce roca bueno rico cano leal
  serrano franco fuentes herrera mora olivos cordero cabrera molina guerra marin medina`
    .split(/\s+/)
    .filter(Boolean),
);

/** Distinct words whose people are kept between questions (per snapshot of the directory). */
const LOOKUP_CACHE_MAX = 20_000;
const FIRST = 1;
const LAST = 2;

const nameTokens = (text: string): string[] =>
  normalizeText(text)
    .split(/[^a-z'’]+/)
    .filter((w) => w.length > 1 && !PARTICLES.has(w));

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

interface Token {
  norm: string;
  raw: string;
  start: number;
  end: number;
  /** Person index → roles (FIRST | LAST) this word has for that person. */
  people: ReadonlyMap<number, number>;
  fuzzy: boolean;
}

/** Builds the matcher once per snapshot (450 people and a few users: a few milliseconds). */
export function buildNameMatcher(people: PersonName[], userFullNames: string[] = []): NameMatcher {
  const roles = new Map<string, Map<number, number>>();
  const surnames = new Set<string>();
  const add = (word: string, person: number, role: number) => {
    const m = roles.get(word) ?? roles.set(word, new Map()).get(word)!;
    m.set(person, (m.get(person) ?? 0) | role);
  };
  people.forEach((p, i) => {
    for (const w of nameTokens(p.firstName)) add(w, i, FIRST);
    for (const w of nameTokens(p.lastName)) {
      add(w, i, LAST);
      surnames.add(w);
    }
  });
  userFullNames.forEach((full, k) => {
    // A user has one full name: any two of its words are a name; the words after the first are surnames.
    const i = people.length + k;
    const words = nameTokens(full);
    words.forEach((w, n) => {
      add(w, i, FIRST | LAST);
      if (n > 0) surnames.add(w);
    });
  });
  const variants = new Map<string, Set<string>>();
  for (const word of roles.keys()) {
    if (word.length < MIN_FUZZY_LENGTH) continue;
    for (const v of [word, ...deletions(word)]) (variants.get(v) ?? variants.set(v, new Set()).get(v)!).add(word);
  }

  // Words recur from one question to the next ("impresora", "correo"): a word's people are looked up
  // once per snapshot, not once per question (with 100,000 people a typo lookup merges thousands).
  // Bounded: a flood of distinct words only empties it. The maps are never changed once built.
  const looked = new Map<string, { people: ReadonlyMap<number, number>; fuzzy: boolean }>();
  const lookup = (norm: string): { people: ReadonlyMap<number, number>; fuzzy: boolean } => {
    let found = looked.get(norm);
    if (!found) {
      if (looked.size >= LOOKUP_CACHE_MAX) looked.clear();
      looked.set(norm, (found = lookupWord(norm)));
    }
    return found;
  };

  /** People a word may belong to, exactly or with one typo (then `fuzzy`). */
  const lookupWord = (norm: string): { people: ReadonlyMap<number, number>; fuzzy: boolean } => {
    const exact = roles.get(norm);
    if (exact) return { people: exact, fuzzy: false };
    if (norm.length < MIN_FUZZY_LENGTH) return { people: new Map(), fuzzy: false };
    const merged = new Map<number, number>();
    for (const v of [norm, ...deletions(norm)]) {
      for (const word of variants.get(v) ?? []) for (const [p, r] of roles.get(word)!) merged.set(p, (merged.get(p) ?? 0) | r);
    }
    return { people: merged, fuzzy: merged.size > 0 };
  };

  return {
    find(text: string): Array<[number, number]> {
      const tokens: Token[] = [];
      for (const m of text.matchAll(WORD_RE)) {
        const start = m.index ?? 0;
        // Placeholders ([DNI], [NOMBRE]) are not names.
        if (text[start - 1] === '[') continue;
        const norm = normalizeText(m[0]);
        tokens.push({ norm, raw: m[0], start, end: start + m[0].length, ...lookup(norm) });
      }
      const ranges: Array<[number, number]> = [];
      let i = 0;
      while (i < tokens.length) {
        const last = longestNameAt(tokens, i, text);
        if (last !== null) {
          ranges.push([tokens[i]!.start, tokens[last]!.end]);
          i = last + 1;
        } else {
          if (isSurnameAlone(tokens, i, text, surnames)) ranges.push([tokens[i]!.start, tokens[i]!.end]);
          i++;
        }
      }
      return ranges;
    },
  };
}

/** Names are separated by spaces (or one comma: "Pérez, Juan"); anything else ends the run. */
const isNameGap = (gap: string) => gap.length <= 4 && /^\s*,?\s+$|^\s+$/.test(gap) && !gap.includes('\n\n');

/** Index of the last token of the longest full name starting at token `i`, or null. */
function longestNameAt(tokens: Token[], i: number, text: string): number | null {
  const first = tokens[i]!;
  if (PARTICLES.has(first.norm) || !first.people.size) return null;
  let candidates: ReadonlyMap<number, number> = first.people;
  let typos = first.fuzzy ? 1 : 0;
  let best: number | null = null;
  for (let j = i + 1; j < tokens.length && j - i < MAX_NAME_WORDS; j++) {
    if (!isNameGap(text.slice(tokens[j - 1]!.end, tokens[j]!.start))) break;
    const tok = tokens[j]!;
    if (PARTICLES.has(tok.norm)) continue;
    if (tok.fuzzy && typos >= 1) break;
    // The people both words may belong to, walking the smaller of the two maps.
    const next = new Map<number, number>();
    let complete = false;
    const [small, other] = candidates.size <= tok.people.size ? [candidates, tok.people] : [tok.people, candidates];
    for (const [p, r] of small) {
      const role = other.get(p);
      if (!role) continue;
      next.set(p, r | role);
      if ((r | role) === (FIRST | LAST)) complete = true;
    }
    if (!next.size) break;
    if (tok.fuzzy) typos++;
    candidates = next;
    // Complete: some person has both a first name and a surname among the words so far.
    if (complete && wordsSoFar(tokens, i, j) >= 2) best = j;
  }
  return best;
}

function wordsSoFar(tokens: Token[], i: number, j: number): number {
  let n = 0;
  for (let k = i; k <= j; k++) if (!PARTICLES.has(tokens[k]!.norm)) n++;
  return n;
}

function isSurnameAlone(tokens: Token[], i: number, text: string, surnames: ReadonlySet<string>): boolean {
  const tok = tokens[i]!;
  if (!surnames.has(tok.norm) || tok.norm.length < 3) return false;
  const previous = tokens[i - 1];
  const afterTitle = !!previous && TITLES.has(previous.norm) && /^\.?\s+$/.test(text.slice(previous.end, tok.start));
  if (afterTitle) return true;
  if (!/^\p{Lu}/u.test(tok.raw)) return false;
  const sentenceStart = !previous || /[.!?\n:]\s*$/u.test(text.slice(previous.end, tok.start));
  return !(sentenceStart && COMMON_WORD_SURNAMES.has(tok.norm));
}
