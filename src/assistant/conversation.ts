/**
 * The assistant's decision for one turn, from the sanitized conversation and the FAQ index:
 * refuse an injection, close politely, say a question is outside IT support, offer a ticket when
 * the person already tried ("ya hice todo eso y sigue igual") or nothing fits an IT problem, or
 * answer with the entry that fits the main problem (and name the other problems to report).
 *
 * Pure and free of Node APIs (the offline portal runs it in the browser): no database, no clock,
 * no model. The model, when there is one, gets `docs` — every entry retrieval found relevant.
 */
import {
  clearlyNamesItMatter,
  describesFault,
  isClosing,
  isInjection,
  isItWord,
  isOutOfScope,
  isStillFailing,
  namesItMatter,
  needsTechnician,
  problemSide,
  requestsInstallation,
  thanksWithoutTrouble,
  wordsOf,
} from './intents';
import { stemSpanish } from './spanish';
import { hasMeaningfulTerms, isConfident, isRelevant, type FaqMatch, type SemanticCandidate } from './retrieval';

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

export interface SearchableIndex {
  find(query: string, limit?: number): FaqMatch[];
  /** The entries whose title or keywords name this word (normalised), if any: the FAQ's own vocabulary. */
  entriesNaming?(word: string): ReadonlySet<number> | undefined;
}

export type Decision =
  | { kind: 'answer'; match: FaqMatch; also: FaqMatch[]; suggestTicket: boolean; docs: FaqMatch[] }
  | { kind: 'closing'; suggestTicket: false; docs: FaqMatch[] }
  | { kind: 'refusal'; suggestTicket: false; docs: FaqMatch[] }
  /**
   * `unsure`: no out-of-scope word and no IT word, yet entries share words with it ("el kiosko de
   * citas no responde al tocar"). Without a model it is answered as outside IT support; a model
   * gets those candidates and judges (it is told to say so when none applies).
   */
  | { kind: 'out_of_scope'; suggestTicket: false; docs: FaqMatch[]; unsure?: true }
  | { kind: 'ask_details'; suggestTicket: false; docs: FaqMatch[] }
  /** "I tried and it still fails": a ticket with the summary. */
  | { kind: 'still_failing'; suggestTicket: true; docs: FaqMatch[] }
  /** An IT problem the FAQ cannot solve. */
  | { kind: 'cannot_help'; suggestTicket: true; docs: FaqMatch[] };

/** Placeholders ([DNI]) and the word that introduced them say nothing about the problem. */
export const withoutPlaceholders = (text: string): string =>
  text
    .replace(/(?:\b(?:mi|su)\s+)?(?:celular|cel|tel[eé]fono|whatsapp|n[uú]mero|correo|e-?mail|dni|ruc|usuario|clave|contraseña|pin|tarjeta)\s*(?:(?:es|:)\s*)?(?=\[[A-ZÁÉÍÓÚÑ]+\])/giu, ' ')
    .replace(/\[[A-ZÁÉÍÓÚÑ]+\]/gu, ' ');

/** Where one message lists several problems: "…y también…", "además", "y de paso", "tampoco", a full stop. */
const CLAUSE_SPLIT = /[.;!?\n]+|,?\s+(?:y\s+)?(?:tambi[eé]n|adem[aá]s|encima|tampoco|de\s+paso)\s+|,\s*(?:y\s+)?(?:otra cosa|otro problema)[:,]?\s*/iu;

function clausesOf(text: string): string[] {
  return text
    .split(CLAUSE_SPLIT)
    .map((c) => c.trim())
    .filter((c) => c && hasMeaningfulTerms(c));
}

const confident = (matches: FaqMatch[]): FaqMatch | null => (matches[0] && isConfident(matches[0]) ? matches[0] : null);

/**
 * Everything relevant, without repeats, best first: what the model gets as documentation. With the
 * embeddings rerank on, `semantic` holds the entries closest in meaning to the question: the
 * lexically relevant entries still come first, and the slots left are filled by reciprocal-rank
 * fusion of the lexical candidates (title or keyword hit) and the semantic ones — an entry both
 * lists name rises, and an entry that shares no word with the question ("se me fue la luz del
 * monitor" / "pantalla negra") can still reach the model.
 */
function mergeDocs(semantic: SemanticCandidate[], ...lists: FaqMatch[][]): FaqMatch[] {
  const seen = new Set<number>();
  const out: FaqMatch[] = [];
  const take = (m: FaqMatch) => {
    if (seen.has(m.faq.id)) return;
    seen.add(m.faq.id);
    out.push(m);
  };
  const all = lists.flat().sort((a, b) => b.score / b.minScore - a.score / a.minScore);
  all.filter(isRelevant).forEach(take);
  if (!semantic.length) {
    // Fewer than MIN_DOCS relevant: the next candidates whose title or keywords share a word go too —
    // the model, told to use only what applies, judges better than a threshold.
    for (const m of all) if (out.length < MIN_DOCS && m.titleHit) take(m);
    return out.slice(0, MAX_DOCS);
  }
  const fused = new Map<number, { match: FaqMatch; score: number }>();
  const add = (match: FaqMatch, rank: number) => {
    if (seen.has(match.faq.id)) return;
    const entry = fused.get(match.faq.id) ?? { match, score: 0 };
    entry.score += 1 / (RRF_K + rank);
    fused.set(match.faq.id, entry);
  };
  const lexical = all.filter((m, i) => m.titleHit && all.findIndex((x) => x.faq.id === m.faq.id) === i);
  lexical.forEach((m, i) => add(m, i + 1));
  semantic.forEach((s, i) => add(lexical.find((m) => m.faq.id === s.faq.id) ?? semanticMatch(s), i + 1));
  for (const { match } of [...fused.values()].sort((a, b) => b.score - a.score)) if (out.length < MIN_DOCS) take(match);
  return out.slice(0, MAX_DOCS);
}

/** The usual constant of reciprocal-rank fusion (Cormack et al., 2009): not tuned here. */
const RRF_K = 60;

/** A semantic-only candidate as a match: no word in common, so never "relevant" or "confident" on its own. */
const semanticMatch = (s: SemanticCandidate): FaqMatch => ({ faq: s.faq, score: 0, coverage: 0, titleHit: false, minScore: 1, lead: 1 });

/**
 * The model gets the top five candidates that share a content word with an entry's title or
 * keywords (issue 15: "use every confident candidate of the top few"): a fifth entry costs a few
 * hundred prompt tokens, a missing right one costs the answer. Not tuned per set: five is the
 * usual top-k of retrieval-augmented prompts and fits MAX_DOC_CHARS × 5 in a small context.
 */
const MIN_DOCS = 5;
const MAX_DOCS = 5;

/** How deep a replacement or damage looks for the entry that says its case needs a technician. */
const TECHNICIAN_DEPTH = 5;
/**
 * What a replacement or damage means, in the words an FAQ names such a case with ("quiero otro
 * mouse" shares no word with "Necesito el reemplazo de un equipo"): added to that look-up only.
 */
const REPLACEMENT_TERMS = 'reemplazo cambio';

/** Words for the computer itself: every installation happens on one, so they name no object. */
const HOST_WORDS = new Set(['computadora', 'computador', 'compu', 'pc', 'laptop', 'equipo', 'maquina', 'cpu']);

/** The entry's title names an IT thing (not the computer itself) that the message names too, in any inflection; or none at all. */
function namesTheEntrysObject(message: string, entry: FaqMatch): boolean {
  const objects = wordsOf(entry.faq.question).filter((w) => isItWord(w) && !HOST_WORDS.has(w));
  if (!objects.length) return true;
  const said = new Set(wordsOf(message).map(stemSpanish));
  return objects.some((w) => said.has(stemSpanish(w)));
}

/**
 * Thanks after an answer are about that answer when every IT thing they name is in the answer's
 * text ("con el navegador sí abrió" after steps that mention the browser), or when the message's
 * own best entry is the one the previous question got ("ya tengo mi clave nueva" after how to change
 * it): "gracias, la impresora imprime con rayas" after the monitor's steps is a new problem.
 */
function aboutTheAnswer(index: SearchableIndex, latest: string, previous: string, answer: string): boolean {
  const it = wordsOf(latest).filter(isItWord);
  const answerWords = new Set(wordsOf(answer));
  if (it.every((w) => answerWords.has(w) || answerWords.has(w.replace(/e?s$/, '')))) return true;
  const now = confident(index.find(latest, 1));
  const before = confident(index.find(previous, 1));
  return !!now && !!before && now.faq.id === before.faq.id;
}

/**
 * `semantic`: the embeddings rerank's candidates for the latest message (empty = lexical only).
 * They change only the documentation a model gets, never which entry answers without a model.
 */
export function decide(index: SearchableIndex, turns: Turn[], semantic: SemanticCandidate[] = []): Decision {
  const users = turns.filter((t) => t.role === 'user').map((t) => withoutPlaceholders(t.content));
  const latest = users[users.length - 1] ?? '';
  const previous = users.length > 1 ? users[users.length - 2]! : null;
  const answeredBefore = turns.length > 1 && turns[turns.length - 2]?.role === 'assistant';

  if (isInjection(latest)) return { kind: 'refusal', suggestTicket: false, docs: [] };
  if (isClosing(latest, answeredBefore)) return { kind: 'closing', suggestTicket: false, docs: [] };
  if (answeredBefore && previous && thanksWithoutTrouble(latest) && aboutTheAnswer(index, latest, previous, turns[turns.length - 2]!.content)) {
    return { kind: 'closing', suggestTicket: false, docs: [] };
  }

  const alone = index.find(latest, 3);
  const withContext = previous ? index.find(`${previous} ${latest}`, 3) : [];
  if (previous && answeredBefore && isStillFailing(latest)) {
    // Unless it names a new problem the FAQ knows ("el mouse tampoco funciona"), it is the same one.
    const before = confident(index.find(previous, 1));
    const now = namesItMatter(wordsOf(latest)) ? confident(alone) : null;
    if (!now || !before || now.faq.id === before.faq.id) {
      return { kind: 'still_failing', suggestTicket: true, docs: mergeDocs([], withContext, before ? [before] : []) };
    }
  }

  if (!hasMeaningfulTerms(latest)) return { kind: 'ask_details', suggestTicket: false, docs: [] };

  if (isOutOfScope(latest, index.entriesNaming?.bind(index))) return { kind: 'out_of_scope', suggestTicket: false, docs: [] };

  const clauses = clausesOf(latest);
  const perClause = clauses.length > 1 ? clauses.map((c) => confident(index.find(c, 3))) : [];
  // What works ("pero el cpu está prendido") is context; the other side is the problem.
  const focus = clauses.length <= 1 ? problemSide(latest) : null;
  const focused = focus ? confident(index.find(focus, 3)) : null;
  let main = perClause.find((m): m is FaqMatch => !!m) ?? focused ?? confident(alone) ?? confident(withContext);
  if (main) {
    // A replacement or damage ("necesito un equipo nuevo", "se rompió la pantalla") is a technician's
    // case: an entry among the candidates that says its case needs one (the FAQ's own flag) answers
    // it rather than the entry of the symptom or of the thing named. Only needs-a-technician entries are
    // eligible, so the added words cannot pull in another answer.
    const found = main;
    if (!found.faq.needsTicket && needsTechnician(latest)) {
      const technician = index.find(`${latest} ${REPLACEMENT_TERMS}`, TECHNICIAN_DEPTH).find((m) => m.faq.needsTicket && m.titleHit && m.faq.id !== found.faq.id);
      if (technician) main = technician;
    } else if (!found.faq.needsTicket && requestsInstallation(latest) && !namesTheEntrysObject(latest, found)) {
      // "puede instalarme el S10 en mi computadora" is not the printer's installation: the entry's
      // object is not in the message, so the installation asked is of something the FAQ does not
      // name — the entry that says installations need a technician answers it, if there is one.
      const technician = index.find(`${latest} instalacion`, TECHNICIAN_DEPTH).find((m) => m.faq.needsTicket && m.titleHit && m.faq.id !== found.faq.id);
      if (technician) main = technician;
    }
  }
  const docs = mergeDocs(
    semantic,
    main ? [main] : [],
    focused ? [focused] : [],
    alone,
    withContext,
    perClause.filter((m): m is FaqMatch => !!m),
  );

  if (main) {
    const answer = main;
    const also = perClause.filter((m): m is FaqMatch => !!m && m.faq.id !== answer.faq.id).filter((m, i, all) => all.findIndex((x) => x.faq.id === m.faq.id) === i);
    return { kind: 'answer', match: answer, also, suggestTicket: answer.faq.needsTicket || needsTechnician(latest), docs };
  }
  // An unmatched message is an IT problem when it, or the conversation it continues, names one
  // beyond doubt: "quién me firma el permiso" or "la puerta del archivo no cierra" name no IT
  // matter, whatever _firma_ and _archivo_ mean in the FAQ.
  const conversation = users.join(' \n ');
  // A weak match on an entry's title still says the message is about IT ("no tengo intenet").
  const weakIt = alone.some((m) => m.titleHit && m.coverage >= 1);
  // Entries found through such a word alone say nothing either.
  const words = wordsOf(conversation);
  const itLooking = clearlyNamesItMatter(words) || !namesItMatter(words);
  if (clearlyNamesItMatter(words) || describesFault(conversation) || (itLooking && (docs.some(isRelevant) || weakIt))) return { kind: 'cannot_help', suggestTicket: true, docs };
  const candidates = docs.filter((m) => m.titleHit);
  return candidates.length ? { kind: 'out_of_scope', suggestTicket: false, docs: candidates, unsure: true } : { kind: 'out_of_scope', suggestTicket: false, docs: [] };
}
