/**
 * E-mail addresses spelled out to get past a filter or read aloud: "jperez arroba gmail punto com",
 * "juan (arroba) gore punto gob punto pe", "juan[at]gore[dot]gob[dot]pe", "ana at gmail dot com".
 *
 * A token scanner, not a regular expression: the words of such an address ("arroba", "punto")
 * are letters like the address itself, and a pattern that lets both overlap backtracks
 * super-linearly (issue 13: "arroba" repeated to 4,000 characters held the server for 46 s).
 * Here each word is looked at a bounded number of times, so the cost is linear in the text.
 */
import { normalizeText } from '../spanish';

const AT_WORDS = new Set(['arroba', 'at', '@']);
const DOT_WORDS = new Set(['punto', 'dot', '.']);
/** Between the words of an address: spaces, brackets and quotes ("juan (arroba) gore"). */
const GAP_RE = /^[\s()[\]{}<>"'«»]{0,6}$/u;
const TOKEN_RE = /[\p{L}\p{N}._%+-]{1,64}|@/gu;

interface Token {
  norm: string;
  start: number;
  end: number;
}

const isWord = (t: Token | undefined): t is Token => !!t && !AT_WORDS.has(t.norm) && !DOT_WORDS.has(t.norm) && /[\p{L}\p{N}]/u.test(t.norm);

/** `[start, end)` ranges of the spelled-out addresses in `text`, in order. */
export function findSpokenEmails(text: string): Array<[number, number]> {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const start = m.index ?? 0;
    tokens.push({ norm: normalizeText(m[0]), start, end: start + m[0].length });
  }
  const joined = (a: Token, b: Token) => GAP_RE.test(text.slice(a.end, b.start));
  const ranges: Array<[number, number]> = [];
  for (let i = 1; i + 1 < tokens.length; i++) {
    const at = tokens[i]!;
    if (!AT_WORDS.has(at.norm)) continue;
    const local = tokens[i - 1]!;
    const domain = tokens[i + 1]!;
    if (!isWord(local) || !isWord(domain) || !joined(local, at) || !joined(at, domain)) continue;
    let end = domain.end;
    let dots = domain.norm.includes('.') ? 1 : 0;
    let j = i + 2;
    while (j + 1 < tokens.length && DOT_WORDS.has(tokens[j]!.norm) && isWord(tokens[j + 1]) && joined(tokens[j - 1]!, tokens[j]!) && joined(tokens[j]!, tokens[j + 1]!)) {
      end = tokens[j + 1]!.end;
      dots++;
      j += 2;
    }
    // Without a dot it is not an address ("at" and "arroba" are words too).
    if (!dots) continue;
    const previous = ranges[ranges.length - 1];
    if (previous && previous[1] > local.start) continue;
    ranges.push([local.start, end]);
    i = j - 1;
  }
  return ranges;
}
