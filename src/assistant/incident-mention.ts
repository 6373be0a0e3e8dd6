/**
 * "There is an open incident about this" in the assistant (issue 19). The chat is anonymous, so
 * offices do not narrow it: an open incident is mentioned when its category is the category of the
 * FAQ entry the question retrieved, or when the question has the words of its title (at least half
 * of the title's meaningful words, stemmed; one is enough for a one- or two-word title). Plain
 * string work, linear in the message; nothing of it reaches the model.
 */
import { normalizeText, SPANISH_STOP_WORDS, stemSpanish } from './spanish';

export interface OpenIncidentForChat {
  id: number;
  title: string;
  publicMessage: string;
  categoryId: number | null;
}

const stems = (text: string): Set<string> =>
  new Set(
    normalizeText(text)
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 3 && !SPANISH_STOP_WORDS.has(w))
      .map(stemSpanish),
  );

/** Whether the question has enough of the incident title's words. */
export function matchesTitle(title: string, question: string): boolean {
  const wanted = [...stems(title)];
  if (wanted.length === 0) return false;
  const asked = stems(question);
  const found = wanted.filter((w) => asked.has(w)).length;
  return found >= Math.max(1, Math.ceil(wanted.length / 2));
}

/**
 * The open incident to mention first, if any: one of the retrieved entry's category, else one
 * whose title the question matches; the oldest first among equals (`incidents` in any order).
 */
export function incidentToMention<I extends OpenIncidentForChat>(incidents: I[], categoryId: number | null, question: string): I | null {
  const oldestFirst = [...incidents].sort((a, b) => a.id - b.id);
  return (categoryId !== null ? oldestFirst.find((i) => i.categoryId === categoryId) : undefined) ?? oldestFirst.find((i) => matchesTitle(i.title, question)) ?? null;
}
