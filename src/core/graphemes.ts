/**
 * Cutting text for previews by user-perceived characters (grapheme clusters), never inside one:
 * an emoji, a flag or a letter with its combining accent stays whole (no "😭�…" in a list).
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Tab, LF, printable ASCII, Latin-1 and Latin Extended-A/B letters: none joins its neighbour in a grapheme. */
const ONE_UNIT_GRAPHEMES = /^[\t\n\x20-\x7E\xA0-\u02FF]*$/;

/**
 * `text` when it has at most `max` graphemes, otherwise its first `max - 1` graphemes and "…".
 * Reads only as far as the cut (linear in `max`, not in the text's length).
 */
export function cutGraphemes(text: string, max: number): string {
  // Fewer UTF-16 units than the limit means fewer graphemes too.
  if (text.length <= max) return text;
  // Most descriptions are Spanish in Latin-1 and Latin Extended letters, with no emoji, surrogate,
  // combining mark or CR: there every code unit is a grapheme of its own, so the cut is a slice.
  // The segmenter costs ~1 ms a queue page of 50 previews; it still decides every other text.
  if (ONE_UNIT_GRAPHEMES.test(text.slice(0, max + 1))) return `${text.slice(0, max - 1)}…`;
  let count = 0;
  let end = 0;
  for (const { index } of segmenter.segment(text)) {
    // The (max)th grapheme starts where the kept ones end; a (max+1)th means the text is longer.
    if (count === max - 1) end = index;
    if (count === max) return `${text.slice(0, end)}…`;
    count++;
  }
  return text;
}
