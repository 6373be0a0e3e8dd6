/**
 * Spanish text normalisation shared by the sanitizer and the FAQ retrieval: lower case without
 * accents, a stop-word list, and a light stemmer (the Snowball Spanish algorithm, run on
 * accent-free text so that "configuración" and "configuracion" meet on the same stem — people
 * type on phones without accents).
 */

const ASCII_RE = /^[\x00-\x7f]*$/;

/** Lower case, accents and diacritics removed (ñ → n, ü → u). */
export function normalizeText(text: string): string {
  // Most words are plain ASCII: no decomposition needed (the sanitizer normalises every word).
  if (ASCII_RE.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Words that carry no meaning for retrieval (accent-free, lower case). */
export const SPANISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a al algo algun alguna algunas alguno algunos alla alli ante antes aqui asi aun aunque cada casi como con contra cual cuales
  cualquier cuando cuanto de del desde donde dos el ella ellas ello ellos en entre era eran eres es esa esas ese eso esos esta
  estaba estaban estado estamos estan estar estas este esto estos estoy fue fueron fui ha habia han has hasta hay he hola
  la las le les lo los me mas mi mia mias mio mios mis mucho muchos muy nada ni no nos nosotros nuestra nuestro o os otra otro
  otros para pero poco por porque pues que quien quienes se sea ser si sido sin sobre solo son soy su sus tal tambien tan tanto
  te tengo tenemos tiene tienen ti toda todas todo todos tu tus un una unas uno unos usted ustedes vez vosotros y ya yo
  buenas buenos dias tardes noches gracias favor porfa porfavor oiga amigo ayuda ayudame ayudeme necesito quiero puedo
  puede pueden podria deberia hacer hago hace tener sale salio pasa paso pasos pasando
  sigue siguen sigo igual nomas pue pe harto ahorita oye mire disculpe disculpa molestia senorita senor senora joven ingeniero
  licenciado licenciada jefe estimado estimada buen buena saludos urgente rapido
  funciona funcionar funcionando sirve anda jala jalando
  xq pq porq tb tmb tbn xfa xfavor plis pls ps pes`
    .split(/\s+/)
    .filter(Boolean),
);

const VOWELS = 'aeiou';
const isVowel = (c: string | undefined): boolean => c !== undefined && VOWELS.includes(c);

/** Start of the region after the first non-vowel following a vowel (Snowball's R1). */
function regionAfterVowelConsonant(word: string, from: number): number {
  for (let i = from + 1; i < word.length; i++) {
    if (!isVowel(word[i]) && isVowel(word[i - 1])) return i + 1;
  }
  return word.length;
}

function regionRV(word: string): number {
  if (word.length < 2) return word.length;
  if (!isVowel(word[1])) {
    for (let i = 2; i < word.length; i++) if (isVowel(word[i])) return i + 1;
    return word.length;
  }
  if (isVowel(word[0]) && isVowel(word[1])) {
    for (let i = 2; i < word.length; i++) if (!isVowel(word[i])) return i + 1;
    return word.length;
  }
  return Math.min(3, word.length);
}

const longestFirst = (list: string): string[] =>
  list
    .split(/\s+/)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);

const PRONOUNS = longestFirst('me se sela selo selas selos la le lo las les los nos');
const STEP1_DELETE = longestFirst('anza anzas ico ica icos icas ismo ismos able ables ible ibles ista istas oso osa osos osas amiento amientos imiento imientos');
const STEP1_ADOR = longestFirst('adora ador acion adoras adores aciones ante antes ancia ancias');
const STEP2A = longestFirst('ya ye yan yen yeron yendo yo yas yes yais yamos');
const STEP2B_GU = longestFirst('en es eis emos');
const STEP2B = longestFirst(
  `arian arias aran aras ariais aria areis ariamos aremos ara are erian erias eran eras eriais eria ereis eriamos eremos era ere
  irian irias iran iras iriais iria ireis iriamos iremos ira ire aba ada ida ia ara iera ad ed id ase iese aste iste an aban ian
  aran ieran asen iesen aron ieron ado ido ando iendo io ar er ir as abas adas idas ias aras ieras ases ieses is ais abais iais
  arais ierais aseis ieseis asteis isteis ados idos amos abamos iamos imos aramos ieramos iesemos asemos`,
);

const findSuffix = (word: string, list: string[]): string | undefined => list.find((s) => word.endsWith(s));

/**
 * Snowball Spanish stemmer on accent-free lower-case words ("impresoras" → "impresor",
 * "conectarme" → "conect", "configuracion" → "configur").
 */
export function stemSpanish(input: string): string {
  let word = input;
  if (word.length < 4) return word;
  const rv = regionRV(word);
  const r1 = regionAfterVowelConsonant(word, 0);
  const r2 = regionAfterVowelConsonant(word, r1);
  const inRV = (s: string) => word.length - s.length >= rv;
  const inR1 = (s: string) => word.length - s.length >= r1;
  const inR2 = (s: string) => word.length - s.length >= r2;

  // Step 0: attached pronouns (conectarme → conectar).
  const pronoun = findSuffix(word, PRONOUNS);
  if (pronoun && inRV(pronoun)) {
    const before = word.slice(0, -pronoun.length);
    if (/(iendo|ando|ar|er|ir)$/.test(before) || /uyendo$/.test(before)) word = before;
  }

  // Step 1: standard suffixes.
  let step1 = false;
  const remove = (s: string) => {
    word = word.slice(0, -s.length);
    step1 = true;
  };
  const s1 = findSuffix(
    word,
    [...STEP1_DELETE, ...STEP1_ADOR, 'logia', 'logias', 'ucion', 'uciones', 'encia', 'encias', 'amente', 'mente', 'idad', 'idades', 'iva', 'ivo', 'ivas', 'ivos'].sort((a, b) => b.length - a.length),
  );
  if (s1) {
    if (STEP1_DELETE.includes(s1)) {
      if (inR2(s1)) remove(s1);
    } else if (STEP1_ADOR.includes(s1)) {
      if (inR2(s1)) {
        remove(s1);
        if (word.endsWith('ic') && word.length - 2 >= r2) word = word.slice(0, -2);
      }
    } else if (s1 === 'logia' || s1 === 'logias') {
      if (inR2(s1)) {
        word = `${word.slice(0, -s1.length)}log`;
        step1 = true;
      }
    } else if (s1 === 'ucion' || s1 === 'uciones') {
      if (inR2(s1)) {
        word = `${word.slice(0, -s1.length)}u`;
        step1 = true;
      }
    } else if (s1 === 'encia' || s1 === 'encias') {
      if (inR2(s1)) {
        word = `${word.slice(0, -s1.length)}ente`;
        step1 = true;
      }
    } else if (s1 === 'amente') {
      if (inR1(s1)) {
        remove(s1);
        for (const pre of ['iv', 'os', 'ic', 'ad']) {
          if (word.endsWith(pre) && word.length - pre.length >= r2) {
            word = word.slice(0, -pre.length);
            if (pre === 'iv' && word.endsWith('at') && word.length - 2 >= r2) word = word.slice(0, -2);
            break;
          }
        }
      }
    } else if (s1 === 'mente') {
      if (inR2(s1)) {
        remove(s1);
        const pre = ['ante', 'able', 'ible'].find((p) => word.endsWith(p));
        if (pre && word.length - pre.length >= r2) word = word.slice(0, -pre.length);
      }
    } else if (s1 === 'idad' || s1 === 'idades') {
      if (inR2(s1)) {
        remove(s1);
        const pre = ['abil', 'ic', 'iv'].find((p) => word.endsWith(p));
        if (pre && word.length - pre.length >= r2) word = word.slice(0, -pre.length);
      }
    } else if (inR2(s1)) {
      remove(s1);
      if (word.endsWith('at') && word.length - 2 >= r2) word = word.slice(0, -2);
    }
  }

  if (!step1) {
    // Step 2a: verb suffixes beginning with y, after u.
    const y = findSuffix(word, STEP2A);
    let step2a = false;
    if (y && inRV(y) && word.slice(0, -y.length).endsWith('u')) {
      word = word.slice(0, -y.length);
      step2a = true;
    }
    if (!step2a) {
      // Step 2b: other verb suffixes.
      const gu = findSuffix(word, STEP2B_GU);
      const other = findSuffix(word, STEP2B);
      const best = [gu, other].filter((s): s is string => !!s && inRV(s)).sort((a, b) => b.length - a.length)[0];
      if (best) {
        word = word.slice(0, -best.length);
        if (STEP2B_GU.includes(best) && word.endsWith('gu')) word = word.slice(0, -1);
      }
    }
  }

  // Step 3: residual suffixes.
  const r3 = findSuffix(word, ['os', 'a', 'o', 'i', 'e']);
  if (r3 && word.length - r3.length >= rv) {
    word = word.slice(0, -r3.length);
    if (r3 === 'e' && word.endsWith('gu') && word.length - 1 >= rv) word = word.slice(0, -1);
  }
  return word;
}
