/**
 * Full names of the people in the staff directory, for the sanitizer. A name is masked only when
 * at least one first name and one surname of the SAME person stand next to each other, in either
 * order ("Juan Pérez", "Pérez Rojas, Juan Carlos"), ignoring case and accents — so "Rosa" or
 * "Quispe" alone, or a colour, or a street, pass through.
 */
import type { Executor } from '../db/database';
import type { NameMatcher } from './sanitizer';
import { normalizeText } from './spanish';
import { listStaffNames } from './staff-names.repository';

export interface PersonName {
  firstName: string;
  lastName: string;
}

const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'san']);
/** The longest full name looked for ("María del Carmen de la Cruz Flores" has 8 words): bounds the scan. */
const MAX_NAME_WORDS = 10;
const WORD_RE = /[\p{L}'’]+/gu;

const nameTokens = (text: string): string[] =>
  normalizeText(text)
    .split(/[^a-z'’]+/)
    .filter((w) => w.length > 1 && !PARTICLES.has(w));

interface Token {
  norm: string;
  start: number;
  end: number;
}

/** Builds the matcher once per directory snapshot (450 people: a few milliseconds). */
export function buildNameMatcher(people: PersonName[]): NameMatcher {
  const firstOf = new Map<string, Set<number>>();
  const lastOf = new Map<string, Set<number>>();
  people.forEach((p, i) => {
    for (const w of nameTokens(p.firstName)) (firstOf.get(w) ?? firstOf.set(w, new Set()).get(w)!).add(i);
    for (const w of nameTokens(p.lastName)) (lastOf.get(w) ?? lastOf.set(w, new Set()).get(w)!).add(i);
  });

  return {
    find(text: string): Array<[number, number]> {
      const tokens: Token[] = [];
      for (const m of text.matchAll(WORD_RE)) {
        const start = m.index ?? 0;
        // Placeholders ([DNI], [NOMBRE]) are not names.
        if (text[start - 1] === '[') continue;
        tokens.push({ norm: normalizeText(m[0]), start, end: start + m[0].length });
      }
      const ranges: Array<[number, number]> = [];
      let i = 0;
      while (i < tokens.length) {
        const match = longestNameAt(tokens, i, text, firstOf, lastOf);
        if (match) {
          ranges.push([tokens[i]!.start, tokens[match]!.end]);
          i = match + 1;
        } else {
          i++;
        }
      }
      return ranges;
    },
  };
}

/** Index of the last token of the longest full name starting at token `i`, or null. */
function longestNameAt(
  tokens: Token[],
  i: number,
  text: string,
  firstOf: Map<string, Set<number>>,
  lastOf: Map<string, Set<number>>,
): number | null {
  const first = tokens[i]!;
  if (PARTICLES.has(first.norm)) return null;
  const peopleOf = (norm: string) => new Set([...(firstOf.get(norm) ?? []), ...(lastOf.get(norm) ?? [])]);
  let candidates = peopleOf(first.norm);
  if (!candidates.size) return null;
  const used = [first.norm];
  let best: number | null = null;
  for (let j = i + 1; j < tokens.length && j - i < MAX_NAME_WORDS && candidates.size; j++) {
    const gap = text.slice(tokens[j - 1]!.end, tokens[j]!.start);
    // Names are separated by spaces (or one comma: "Pérez, Juan"); anything else ends the run.
    if (!/^\s*,?\s+$|^\s+$/.test(gap) || gap.includes('\n\n')) break;
    const tok = tokens[j]!;
    if (PARTICLES.has(tok.norm)) continue;
    const next = new Set([...candidates].filter((p) => peopleOf(tok.norm).has(p)));
    if (!next.size) break;
    candidates = next;
    used.push(tok.norm);
    const complete = [...candidates].some(
      (p) => used.some((w) => firstOf.get(w)?.has(p)) && used.some((w) => lastOf.get(w)?.has(p)),
    );
    if (complete) best = j;
  }
  return best;
}

/**
 * The directory's names, loaded from the database and rebuilt at most every `ttlMs` (a person
 * added by the CSV import is masked within a minute, on every instance).
 */
export class DirectoryNames {
  private matcher: NameMatcher | null = null;
  private loadedAt = 0;
  private loading: Promise<NameMatcher> | null = null;

  constructor(private readonly ttlMs = 60_000) {}

  async get(db: Executor, now: number): Promise<NameMatcher> {
    if (this.matcher && now - this.loadedAt < this.ttlMs) return this.matcher;
    this.loading ??= listStaffNames(db)
      .then((people) => {
        this.matcher = buildNameMatcher(people);
        this.loadedAt = now;
        return this.matcher;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** Forget the snapshot (after an import, or in tests). */
  invalidate(): void {
    this.matcher = null;
  }
}
