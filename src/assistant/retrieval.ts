/**
 * Retrieval over the FAQ with MiniSearch and Spanish normalisation: accents removed, stop words
 * dropped, a Snowball stemmer, colloquial synonyms on the query side, prefix and fuzzy matching
 * for typos. The best entries become the model's only documentation; `confident` decides when
 * nothing fits (then the assistant offers a ticket instead of guessing).
 */
import MiniSearch from 'minisearch';
import { normalizeText, SPANISH_STOP_WORDS, stemSpanish } from './spanish';
import { namesTopic } from './intents';

export interface FaqDocument {
  id: number;
  question: string;
  /** Markdown. */
  answer: string;
  keywords: string;
  categoryId: number | null;
  /** The case needs a technician (access, installations, replacements): answering with it offers a ticket. */
  needsTicket: boolean;
}

export interface FaqMatch {
  faq: FaqDocument;
  score: number;
  /** Share of the query's meaningful terms found in this entry, 0–1. */
  coverage: number;
  /** Some query term matched the entry's question or keywords (not only its answer). */
  titleHit: boolean;
  /** Score needed to be confident in this index (BM25 scores grow with the number of entries). */
  minScore: number;
  /** This entry's score over the next one's (∞ for the last): a clear winner is more trustworthy. */
  lead: number;
  /** How many of the message's words this entry's title or keywords hold. */
  titleWords?: number;
}

/** An entry close in meaning to the question, from the embeddings rerank (cosine, −1…1). */
export interface SemanticCandidate {
  faq: FaqDocument;
  similarity: number;
}

/** Colloquial or English words people use, mapped to the words the FAQ uses (accent-free). */
const SYNONYMS: Record<string, string[]> = {
  compu: ['computadora'],
  pc: ['computadora'],
  cpu: ['computadora'],
  maquina: ['computadora'],
  ordenador: ['computadora'],
  equipo: ['computadora'],
  laptop: ['computadora'],
  lap: ['laptop'],
  impre: ['impresora'],
  printer: ['impresora'],
  projector: ['proyector'],
  impresion: ['imprimir'],
  mail: ['correo'],
  email: ['correo'],
  emails: ['correo'],
  mails: ['correo'],
  gmail: ['correo'],
  outlook: ['correo'],
  clave: ['contrasena'],
  password: ['contrasena'],
  pass: ['contrasena'],
  contra: ['contrasena'],
  wifi: ['wifi', 'inalambrica'],
  wi: ['wifi'],
  wiifi: ['wifi'],
  wiffi: ['wifi'],
  guifi: ['wifi'],
  inter: ['internet'],
  net: ['internet'],
  navegar: ['internet'],
  cel: ['celular'],
  movil: ['celular'],
  telefono: ['celular'],
  prende: ['enciende'],
  prendo: ['enciende'],
  arranca: ['enciende'],
  bota: ['expirada', 'sesion'],
  tarda: ['lenta'],
  demora: ['lenta'],
  lentisima: ['lenta'],
  lentisimo: ['lenta'],
  colgada: ['lenta', 'congela'],
  pegada: ['congela'],
  trabada: ['atasco', 'congela'],
  atracado: ['atasco'],
  atorado: ['atasco'],
  atorada: ['atasco'],
  escaneo: ['escanear'],
  scanner: ['escaner'],
  virus: ['antivirus', 'virus'],
  bloquearon: ['bloqueada'],
  bloqueo: ['bloqueada'],
  bloquea: ['bloqueada'],
  bloqueado: ['bloqueada'],
  caduco: ['caducada'],
  vencio: ['vencida'],
  olvide: ['olvide'],
  acuerdo: ['olvide', 'recuerdo'],
  recuerdo: ['olvide', 'recuerdo'],
  acordaba: ['olvide'],
  pantalla: ['monitor', 'pantalla'],
  raton: ['mouse'],
  audio: ['sonido'],
  parlante: ['sonido'],
  zoom: ['videollamada'],
  teams: ['videollamada'],
  meet: ['videollamada'],
  pendrive: ['usb'],
  memoria: ['usb', 'memoria'],
  vacaciones: ['respuesta', 'automatica'],
  spam: ['no', 'deseado'],
  toner: ['toner', 'tinta'],
  // How people really say it (Peruvian Spanish): "no jala", "se colgó", "pantallazo azul", "se rajó".
  jala: ['funciona'],
  jalando: ['funciona'],
  jalo: ['funciona'],
  malogrado: ['funciona', 'falla'],
  malograda: ['funciona', 'falla'],
  malogro: ['funciona', 'falla'],
  colgo: ['congela', 'cuelga'],
  colgado: ['congela', 'cuelga'],
  cuelga: ['congela', 'cuelga'],
  congelo: ['congela'],
  pantallazo: ['pantalla', 'azul'],
  rompio: ['rota'],
  roto: ['rota'],
  rajo: ['rota'],
  rajada: ['rota'],
  quebro: ['rota'],
  quebrada: ['rota'],
  audifonos: ['sonido', 'audifonos'],
  suena: ['sonido'],
  suenan: ['sonido'],
  escucha: ['sonido', 'escuchan'],
  navega: ['navego', 'internet'],
  navego: ['navego', 'internet'],
  recibo: ['llegan'],
  recibe: ['llegan'],
  llega: ['llegan'],
  cartucho: ['toner', 'tinta'],
  imprimiendo: ['imprime'],
  chamba: ['trabajo'],
  celu: ['celular'],
  huella: ['biometrico'],
  // Everyday words of the Andes and of office phones for what the FAQ names otherwise: slowness,
  // hanging, connecting, enabling, sizes, scams, composition of a password, being away.
  despacio: ['lenta'],
  lentito: ['lenta'],
  pegado: ['congela'],
  pega: ['congela'],
  pego: ['congela'],
  traba: ['congela', 'atasco'],
  trabo: ['congela', 'atasco'],
  trabado: ['congela', 'atasco'],
  avanza: ['termina', 'pegada'],
  engancho: ['conecto'],
  engancha: ['conecta'],
  enganchar: ['conectar'],
  engancharme: ['conectar'],
  habilitar: ['acceso'],
  habiliten: ['acceso'],
  habilite: ['acceso'],
  habilitarme: ['acceso'],
  habilitenme: ['acceso'],
  megas: ['pesado', 'grande'],
  mb: ['pesado', 'grande'],
  gb: ['pesado', 'grande'],
  pesa: ['pesado'],
  pesada: ['pesado'],
  rebota: ['enviar', 'limite'],
  rebotan: ['enviar', 'limite'],
  trampa: ['sospechoso', 'fraude'],
  engano: ['sospechoso', 'fraude'],
  cuento: ['fraude'],
  raro: ['sospechoso'],
  rara: ['sospechoso'],
  link: ['enlace'],
  simbolos: ['caracteres'],
  simbolo: ['caracteres'],
  mayusculas: ['caracteres'],
  mayuscula: ['caracteres'],
  ausente: ['ausencia'],
  digitar: ['escribir'],
  digitando: ['escribir'],
  digito: ['escribo'],
  puntos: ['manchas'],
  malogra: ['funciona', 'falla'],
};

/**
 * Diminutives ("puntitos", "despacito", "mensajito", "clarito", "cafecito"): the word they come
 * from, as Spanish forms them (-ito/-ita/-itos/-itas, -cito after a vowel or n/r). Linear in the word.
 */
export function diminutiveBase(word: string): string[] {
  const m = /^(.{3,}?)(c)?it(o|a|os|as)$/.exec(word);
  if (!m) return [];
  const root = m[2] && /[aeiounr]$/.test(m[1]!) ? m[1]! : `${m[1]!}${m[2] ?? ''}`;
  return [root, `${root}o`, `${root}a`, `${root}e`];
}

/**
 * Idioms for "by itself", said of a machine that acts with nobody touching it ("se reinicia por su
 * cuenta", "se cierra de la nada", "se apaga de golpe"): read as _sola_, the FAQ's word. Literal
 * alternatives, linear.
 */
const BY_ITSELF = /\b(?:por su cuenta|por si sol[oa]|de la nada|de golpe)\b/g;

/**
 * "no abre ninguna página", "no me carga las páginas", "no abre ni una página": what the FAQ calls not
 * browsing (navegar). Literal alternatives, linear.
 */
const NO_PAGES = /\bno (?:me )?(?:abre|abren|carga|cargan) (?:ninguna|ni una|las|la|una|nada de) paginas?\b/g;

const tokenize = (text: string): string[] =>
  normalizeText(text)
    .replace(/wi-?fi/g, 'wifi')
    .replace(BY_ITSELF, 'sola')
    .replace(NO_PAGES, 'no navego')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Index-side term processing: stop words out, stems in. */
function processIndexTerm(term: string): string | null {
  if (term.length < 2 || SPANISH_STOP_WORDS.has(term)) return null;
  return stemSpanish(term);
}

/** Query-side: the same, plus colloquial synonyms. */
function processQueryTerm(term: string): string[] | null {
  if (term.length < 2 || SPANISH_STOP_WORDS.has(term)) return null;
  const words = [term, ...(SYNONYMS[term] ?? [])];
  return [...new Set(words.map(stemSpanish))];
}

/** The query's meaningful terms (for coverage); `process` may add an index's spelling corrections. */
function queryTerms(query: string, process: (term: string) => string[] | null = processQueryTerm): string[][] {
  return tokenize(query)
    .map(process)
    .filter((t): t is string[] => !!t && t.length > 0);
}

/** False for a greeting or a message with no word that could point to a problem ("hola", "gracias"). */
export const hasMeaningfulTerms = (query: string): boolean => queryTerms(query).length > 0;

/**
 * Verbs that report what a screen says ("dice offline", "me dice que caducó"): they name no problem,
 * so a title holding one ("Office … o dice «producto sin licencia»") does not cover the message more.
 */
const REPORTING_STEMS: ReadonlySet<string> = new Set(['dice', 'dicen', 'decia', 'dijo', 'muestra', 'aparece'].map(stemSpanish));

/** How many of MiniSearch's best results are re-ranked. */
const RERANK_DEPTH = 8;

/** A question is a few words; a longer message is looked up by its first distinct words (bounded cost). */
export const MAX_QUERY_TERMS = 40;

function boundedQuery(query: string): string {
  return [...new Set(tokenize(query))].slice(0, MAX_QUERY_TERMS).join(' ');
}

/** Thresholds tuned on the labelled set (`npm run eval:assistant`). */
export const MIN_SCORE = 12;
export const MIN_COVERAGE = 0.5;
/** Score that makes a half-covered question a confident match. */
export const STRONG_SCORE = 45;
/** Index size from which MIN_SCORE applies in full. */
const FULL_SIZE = 40;

export class FaqIndex {
  private readonly search: MiniSearch<FaqDocument>;
  private readonly byId = new Map<number, FaqDocument>();
  /** Stem of each content word of an entry's title or keywords → the entries naming it. */
  private readonly titleVocabulary = new Map<string, Set<number>>();
  /** The stem of every word the FAQ uses anywhere, and of the synonym keys: a word with one of these is not a typo. */
  private readonly knownStems = new Set<string>(Object.keys(SYNONYMS).map(stemSpanish));
  /** The words of titles and keywords (and synonym keys), by length: what a typo is corrected to. */
  private readonly correctable = new Map<number, Array<{ word: string; sound: string }>>();
  /** Corrections already computed (a bounded memo: the same typos come back). */
  private readonly corrections = new Map<string, string[]>();

  constructor(faqs: FaqDocument[]) {
    this.search = new MiniSearch<FaqDocument>({
      fields: ['question', 'keywords', 'answer'],
      storeFields: [],
      tokenize,
      processTerm: processIndexTerm,
      searchOptions: {
        tokenize,
        processTerm: processQueryTerm as (term: string) => string[] | null,
        boost: { question: 3, keywords: 2, answer: 0.6 },
        prefix: (term) => term.length >= 4,
        fuzzy: (term) => (term.length >= 5 ? 0.25 : term.length >= 4 ? 1 : 0),
        maxFuzzy: 2,
        combineWith: 'OR',
        weights: { fuzzy: 0.45, prefix: 0.6 },
      },
    });
    this.search.addAll(faqs);
    const targets = new Set<string>(Object.keys(SYNONYMS));
    for (const f of faqs) {
      for (const w of tokenize(f.answer)) this.knownStems.add(stemSpanish(w));
      for (const w of tokenize(`${f.question} ${f.keywords}`)) {
        this.knownStems.add(stemSpanish(w));
        if (w.length >= TYPO_MIN_LENGTH - 1 && !SPANISH_STOP_WORDS.has(w)) targets.add(w);
      }
    }
    for (const w of targets) {
      const list = this.correctable.get(w.length) ?? [];
      list.push({ word: w, sound: soundOf(w) });
      this.correctable.set(w.length, list);
    }
    for (const f of faqs) {
      this.byId.set(f.id, f);
      for (const term of tokenize(`${f.question} ${f.keywords}`)) {
        const stem = processIndexTerm(term);
        if (!stem) continue;
        let ids = this.titleVocabulary.get(stem);
        if (!ids) this.titleVocabulary.set(stem, (ids = new Set()));
        ids.add(f.id);
      }
    }
  }

  /**
   * A word the FAQ never uses, of five letters or more, is read as the closest title or keyword
   * words too ("compudora" → computadora, "ecxel" → excel, "buson" → buzon): a word spelled as it
   * sounds (b/v, s/z/c, y/ll, silent h, g/j), or two letters swapped, or one edit from seven letters
   * and two from eight, keeping the first letter. A word whose stem the FAQ knows is an
   * inflection, not a typo ("prender" and "prende"). Stems cannot do this —
   * "compudora" and "computadora" do not share one — and MiniSearch's fuzzy match runs on stems.
   */
  private correctionsOf(term: string): string[] {
    if (term.length < TYPO_MIN_LENGTH || SPANISH_STOP_WORDS.has(term) || /\d/.test(term) || this.knownStems.has(stemSpanish(term))) return [];
    const memo = this.corrections.get(term);
    if (memo) return memo;
    const key = soundOf(term);
    // A short word one edit from an FAQ word is as often another real word ("carro" / "cargo"): it
    // is corrected only to a word that sounds the same ("buson" / "buzon", "clabe" / "clave") or
    // has two neighbouring letters swapped ("lneta" / "lenta").
    const max = term.length >= 8 ? 2 : term.length >= 7 ? 1 : 0;
    let best: string[] = [];
    let bestDistance = max + 2;
    for (let len = term.length - Math.max(max, 2); len <= term.length + Math.max(max, 2); len++) {
      for (const { word: w, sound } of this.correctable.get(len) ?? []) {
        // People rarely miss the first letter; a different one is another word ("afuera" is not "fuera").
        if (w[0] !== term[0] && sound[0] !== key[0]) continue;
        const d = sound === key ? 0 : editDistance(term, w, max + 1);
        const swapped = d === 1 && max === 0 && w.length === term.length && isSwap(term, w);
        if (d > max && !swapped) continue;
        if (d < bestDistance) [best, bestDistance] = [[w], d];
        else if (d === bestDistance && best.length < 3) best.push(w);
      }
    }
    if (this.corrections.size >= 2_000) this.corrections.clear();
    this.corrections.set(term, best);
    return best;
  }

  /** Query-side processing for this index: synonyms, then spelling corrections to the FAQ's words. */
  private readonly processQuery = (term: string): string[] | null => {
    const own = processQueryTerm(term);
    if (!own) return null;
    // A diminutive the FAQ does not use is read as its base word too; a word the FAQ knows is no
    // diminutive ("solicito", "necesito" are verbs).
    const diminutive = term.length >= 6 && !this.knownStems.has(stemSpanish(term)) ? diminutiveBase(term) : [];
    // "solito", "toditas", "poquito": the diminutive of a stop word is one.
    if (diminutive.some((b) => SPANISH_STOP_WORDS.has(b))) return null;
    const base = diminutive.length ? [...new Set([...own, ...diminutive.flatMap((b) => [b, ...(processQueryTerm(b) ?? [])])])] : own;
    const fixes = this.correctionsOf(term);
    if (!fixes.length) return base;
    return [...new Set([...base, ...fixes.flatMap((w) => processQueryTerm(w) ?? [])])];
  };

  /** The entries whose title or keywords name the word, in any inflection ("citas" ↔ "cita"). */
  entriesNaming(word: string): ReadonlySet<number> | undefined {
    const stem = processIndexTerm(normalizeText(word));
    return stem ? this.titleVocabulary.get(stem) : undefined;
  }

  /** A small FAQ (a new installation) has low BM25 scores: the bar scales with its size. */
  private get minScore(): number {
    return MIN_SCORE * Math.min(1, this.byId.size / FULL_SIZE);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The indexed entries (the embeddings rerank embeds their text). */
  get documents(): FaqDocument[] {
    return [...this.byId.values()];
  }

  /** The best `limit` entries for a question, best first (may be weak: check `isConfident`). */
  find(rawQuery: string, limit = 3): FaqMatch[] {
    const query = boundedQuery(rawQuery);
    const words = tokenize(query)
      .map((word) => ({ word, alt: this.processQuery(word) }))
      .filter((t): t is { word: string; alt: string[] } => !!t.alt && t.alt.length > 0);
    const terms = words.map((t) => t.alt);
    if (!terms.length) return [];
    // "disculpe la molestia, le saludo de la subgerencia…": courtesy, context and story words that
    // appear in no entry (title, keywords or answer). With none known, every word counts, as before:
    // a message the FAQ shares no word with still gets no confident match.
    const isKnown = (alternatives: string[]) => alternatives.some((t) => this.knownStems.has(t));
    const known = terms.filter(isKnown);
    // Words are set aside as courtesy and story only: a word naming a topic (an IT thing, a payroll
    // or building matter) that no entry uses is the message's subject, one this FAQ does not cover, and
    // the words it shares with an entry are then incidental ("el sistema de planillas calcula mal las
    // horas extra" is not the document system's "se ve mal"): every word counts, as before.
    const unknownSubject = words.some((t) => namesTopic(t.word) && !isKnown(t.alt));
    const setAside = known.length > 0 && !unknownSubject;
    // A word the FAQ uses is no typo (as in `correctionsOf`): it covers an entry through its own
    // stem, not through a word two letters away ("lector" is not "factor").
    const covers = (matched: string[], alternatives: string[]) => {
      const typo = !isKnown(alternatives);
      return alternatives.some((t) => matched.some((m) => m === t || m.startsWith(t) || t.startsWith(m) || (typo && closeEnough(m, t))));
    };
    // BM25 alone lets one expanded synonym ("laptop" → computadora) outweigh the words of the
    // question: the first few are re-ranked by how many of the question's words the entry's
    // title and keywords hold, then by score.
    const ranked = this.search
      .search(query, { processTerm: this.processQuery })
      .slice(0, RERANK_DEPTH)
      .map((r) => {
        const fieldTerms = (...wanted: string[]) =>
          Object.entries(r.match)
            .filter(([, fields]) => wanted.some((f) => fields.includes(f)))
            .map(([term]) => term);
        const titleTerms = fieldTerms('question', 'keywords');
        const questionTerms = fieldTerms('question');
        const covered = terms.filter((alt) => covers(r.terms, alt));
        // Coverage is over the words the FAQ knows (and any this entry matched, e.g. by a typo):
        // a word no entry uses could match nothing, so it must not dilute the words that do.
        const titleCovered = terms.filter((alt) => covers(titleTerms, alt)).length;
        // One shared word is what a message on another topic has with some entry by chance ("hay que
        // cambiar el foco" and "¿Cómo cambio mi contraseña?"), and an answer's steps use many everyday
        // words: only an entry whose title or keywords name two or more of the message's words has
        // evidence enough for the unknown words to be set aside.
        const counted = setAside && titleCovered >= 2 ? known.length + covered.filter((alt) => !isKnown(alt)).length : terms.length;
        return {
          r,
          coverage: covered.length / counted,
          // Ranked by counts of the message's words, the same for every entry (coverage's base is not).
          titleWords: titleCovered,
          questionWords: terms.filter((alt) => !alt.some((t) => REPORTING_STEMS.has(t)) && covers(questionTerms, alt)).length,
        };
      })
      .sort((a, b) => b.titleWords - a.titleWords || b.r.score - a.r.score);
    // Between two neighbours whose title and keywords hold as many of the words, with no clear
    // lead in score, the one whose own title (the question it answers) holds more comes first:
    // keywords list neighbouring cases too ("no me deja entrar" is among a locked account's;
    // "mi contraseña venció y no me deja entrar" is the expired one's).
    for (let i = 0; i + 1 < ranked.length; i++) {
      const [a, b] = [ranked[i]!, ranked[i + 1]!];
      if (a.titleWords === b.titleWords && b.questionWords > a.questionWords && a.r.score < b.r.score * CLEAR_LEAD) [ranked[i], ranked[i + 1]] = [b, a];
    }
    // Title words order the evidence, they do not overrule it: an entry just below that covers more
    // of the message and scores higher is the better match ("me pide usuario y clave" for a shared
    // folder is not Outlook's entry because _clave_ is in Outlook's title).
    for (let i = 0; i + 1 < ranked.length; i++) {
      const [a, b] = [ranked[i]!, ranked[i + 1]!];
      if (a.titleWords - b.titleWords === 1 && b.coverage >= a.coverage + COVERAGE_MARGIN && b.r.score > a.r.score) [ranked[i], ranked[i + 1]] = [b, a];
    }
    return ranked.slice(0, limit).map(({ r, coverage, titleWords }, i) => ({
      faq: this.byId.get(r.id as number)!,
      score: r.score,
      coverage,
      titleHit: titleWords > 0,
      titleWords,
      minScore: this.minScore,
      lead: ranked[i + 1] && ranked[i + 1]!.titleWords === titleWords ? r.score / ranked[i + 1]!.r.score : titleWords > (ranked[i + 1]?.titleWords ?? 0) ? Infinity : 1,
    }));
  }

  /** The best entry when it is a confident answer to the question on its own, else null. */
  best(query: string): FaqMatch | null {
    const top = this.find(query, 1)[0];
    return top && isConfident(top) ? top : null;
  }
}

/**
 * Relevant enough to hand to the model as documentation (it judges whether the entry applies and
 * says so when it does not).
 */
export const isRelevant = (m: FaqMatch): boolean =>
  (m.titleHit && m.coverage >= MIN_COVERAGE && (m.score >= m.minScore || (m.coverage >= 1 && m.score >= m.minScore * FULL_COVERAGE_FACTOR))) || isDominant(m);

/**
 * A clear winner on the subject, though a long message's story words leave its coverage under half
 * ("outlook me sigue preguntando la contraseña cada media hora desde el lunes, ya me tiene harta"):
 * its title or keywords name two or more of the message's words, no other entry's name as many or
 * it leads clearly in score, the score is strong, and a floor of the words is still covered.
 */
export const isDominant = (m: FaqMatch): boolean => (m.titleWords ?? 0) >= 2 && m.lead >= CLEAR_LEAD && m.coverage >= DOMINANT_COVERAGE && m.score >= m.minScore * (STRONG_SCORE / MIN_SCORE);

/** The share of a message's words a dominant entry must still cover. */
export const DOMINANT_COVERAGE = 0.35;

/** Every word of the question found (a typo, a short question) may score lower and still be relevant. */
export const FULL_COVERAGE_FACTOR = 0.6;

/**
 * Confident enough to answer with the entry itself, with no model to judge: relevant, and either
 * most of the question's words are found or the match is strong ("donde queda la municipalidad"
 * shares one word of two with "Windows Update se queda pegado" — not enough).
 */
export const isConfident = (m: FaqMatch): boolean => isDominant(m) || (isRelevant(m) && (m.coverage > MIN_COVERAGE || m.score >= m.minScore * (STRONG_SCORE / MIN_SCORE) || m.lead >= CLEAR_LEAD));

/** How much more of the message an entry must cover to outrank one whose title holds a word more. */
const COVERAGE_MARGIN = 0.15;

/** How far ahead of the next entry a half-covered match must be to count as the answer. */
export const CLEAR_LEAD = 1.6;

/**
 * How a word sounds in Latin-American Spanish, for spelling by ear: b/v, s/z/c(e,i), y/ll, g(e,i)/j,
 * k/c/qu, silent h, doubled letters. Linear in the word.
 */
function soundOf(word: string): string {
  return word
    .replace(/h/g, '')
    .replace(/ll/g, 'y')
    .replace(/qu/g, 'k')
    .replace(/c([ei])/g, 's$1')
    .replace(/g([ei])/g, 'j$1')
    .replace(/[cq]/g, 'k')
    .replace(/v/g, 'b')
    .replace(/z/g, 's')
    .replace(/y$/, 'i')
    .replace(/n([bp])/g, 'm$1')
    .replace(/(.)\1+/g, '$1');
}

/** The two words differ only by two neighbouring letters swapped. */
function isSwap(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Words shorter than this are not spell-corrected (too many real words lie one edit apart). */
const TYPO_MIN_LENGTH = 5;

/**
 * Optimal-string-alignment distance (a swap of two neighbours is one edit), giving up at `limit`
 * (returns `limit` or more): the cost is bounded by the two word lengths.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin >= limit) return limit;
    [before, prev] = [prev, row];
  }
  return prev[b.length]!;
}

/** Edit distance ≤ 2 (typos), for counting a fuzzy hit as covering a query term. */
function closeEnough(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2 || Math.min(a.length, b.length) < 4) return false;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]! <= 2;
}
