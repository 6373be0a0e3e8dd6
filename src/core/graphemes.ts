/**
 * Cutting text for previews by user-perceived characters (grapheme clusters), never inside one:
 * an emoji, a flag or a letter with its combining accent stays whole (no "😭�…" in a list).
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` when it has at most `max` graphemes, otherwise its first `max - 1` graphemes and "…".
 * Reads only as far as the cut (linear in `max`, not in the text's length).
 */
export function cutGraphemes(text: string, max: number): string {
  // Fewer UTF-16 units than the limit means fewer graphemes too.
  if (text.length <= max) return text;
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
