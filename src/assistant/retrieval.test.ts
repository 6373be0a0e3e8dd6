import { describe, expect, it } from 'vitest';
import { diminutiveBase, FaqIndex, isConfident } from './retrieval';
import { demoFaqDocuments, evaluateRetrieval, LABELLED_QUESTIONS } from './eval/evaluate';
import { DEMO_FAQS } from '../demo/faqs';

const index = new FaqIndex(demoFaqDocuments());
const top = (q: string) => index.find(q, 3)[0]?.faq.question;

describe('FAQ retrieval', () => {
  it('keeps top-3 accuracy at 85% or more on at least 100 labelled questions', () => {
    expect(LABELLED_QUESTIONS.filter((q) => q.expected).length).toBeGreaterThanOrEqual(100);
    const r = evaluateRetrieval(index);
    expect(r.top3 / r.answerable).toBeGreaterThanOrEqual(0.85);
    expect(r.top1 / r.answerable).toBeGreaterThanOrEqual(0.8);
    expect(r.rejected / r.unanswerable).toBeGreaterThanOrEqual(0.8);
  });

  it('every labelled question names an entry that exists in the demo FAQ', () => {
    const questions = new Set(DEMO_FAQS.map((f) => f.question));
    for (const q of LABELLED_QUESTIONS) if (q.expected) expect(questions.has(q.expected), q.expected).toBe(true);
  });

  it("reads a typo as the FAQ's closest word, and an inflected real word as itself", () => {
    // "conputdora" and "computadora" share no stem; MiniSearch's fuzzy match alone runs on stems.
    expect(top('mi conputdora esta lentisima')).toBe('Mi computadora está muy lenta');
    expect(index.best('mi conputdora esta lentisima')).not.toBeNull();
    expect(top('el teclaod no funsiona')).toBe('El teclado o el mouse no responden');
    // Real words are not "corrected" into FAQ words: "afuera" is not "fuera" (de línea).
    expect(top('señorita no me llegan los correos de afuera solo los de la oficina')).toBe('No me llegan los correos');
  });

  it('reads a diminutive as its base word, but not a verb the FAQ knows or the diminutive of a stop word', () => {
    expect(diminutiveBase('puntitos')).toContain('punto');
    expect(diminutiveBase('cafecito')).toContain('cafe');
    expect(top('la impresora saca las hojas con puntitos y manchitas')).toBe('La impresora imprime con rayas, manchas o muy clara');
    expect(index.best('el internet está bien despacito hoy')?.faq.question).toBe('El internet está muy lento');
    // "solicito" is a verb the FAQ uses, not a diminutive of "solic-".
    expect(top('solicito que me instalen el programa de tesoreria')).toBe('¿Cómo solicito la instalación de un programa?');
    // "solito" is "solo", a stop word: it must not match the session entry's "sola".
    expect(top('el excel se cierra solito cuando lo abro')).toBe('Word o Excel se cierra solo o no responde');
  });

  it('reads "no abre ninguna página" as not browsing, and "by itself" idioms as the FAQ\'s _sola_', () => {
    expect(top('con el wifi del tercer piso no carga ninguna página')).toBe('Estoy conectado al Wi-Fi pero no navego');
    expect(top('tengo el cable de red puesto pero no me carga las páginas')).toBe('Mi computadora no tiene internet');
    expect(top('el sistema de trámite documentario no carga la página desde la mañana')).toBe('El sistema de trámite documentario no carga o se ve mal');
    expect(top('mi equipo se reinicia por su cuenta sin avisar')).toBe('Sale una pantalla azul o la computadora se reinicia sola');
  });

  it('trusts a clear winner on the subject although a long message leaves its coverage under half, and nothing weaker', () => {
    const wordy = 'outlook me sigue preguntando la contraseña cada media hora desde el lunes, ya me tiene harta';
    const [m] = index.find(wordy, 1);
    expect(m!.coverage).toBeLessThan(0.5);
    expect(index.best(wordy)?.faq.question).toBe('Outlook me pide la contraseña a cada rato');
    // Two title words, but no lead over the next entry: still not confident.
    expect(index.best('mi laptop se reinicia solita cuando estoy a media reunión, ya me pasó tres veces en la semana')).toBeNull();
    // An entry that covers more and scores higher outranks one whose title holds one word more.
    expect(top('me bloquearon el usuario por poner mal la clave varias veces')).toBe('Mi cuenta está bloqueada');
  });

  it('measures coverage on the words the FAQ knows: courtesy and story words do not dilute it, one shared word is no match', () => {
    // "saluda", "asistente", "subgerencia", "monton", "cualquier": no entry uses them.
    const wordy = 'buenos dias ingeniero, le saluda la asistente de la subgerencia, mi compu demora un monton en abrir cualquier cosa';
    expect(index.best(wordy)?.faq.question).toBe('Mi computadora está muy lenta');
    // No word the FAQ knows, or only one shared by chance: still no confident match.
    expect(index.best('el zancudo del sotano ronca fuerte')).toBeNull();
    expect(index.best('hay que cambiar el foco del pasadizo que parpadea')).toBeNull();
    // A word the FAQ uses is no typo: "lector" does not cover the "doble factor" entry.
    expect(index.best('el lector de codigo de barras del almacen no lee nada')).toBeNull();
  });

  it('sets no word aside when one names a subject no entry covers: the words shared are then incidental', () => {
    // "planillas" names a payroll matter the demo FAQ never uses; "sistema" and "mal" are the document system entry's.
    for (const q of ['el sistema de planillas calcula mal las horas extra', 'el sistema de planillas de   calcula mal mis horas extra']) {
      expect(index.best(q), q).toBeNull();
    }
    // Without the unknown subject, the same courtesy around a known problem is still set aside.
    expect(index.best('buenas tardes ingeniero, el sistema de tramite se ve mal desde ayer')?.faq.question).toBe('El sistema de trámite documentario no carga o se ve mal');
  });

  it('prefers, between two close entries, the one whose own title covers more of the message', () => {
    // "no me deja entrar" is among the locked account's keywords; the message is about the expired password.
    expect(top('mi contraseña venció y no me deja entrar')).toBe('Me dice que mi contraseña caducó o expiró');
    expect(top('me llegó un correo raro del banco pidiendo mi clave')).toBe('Recibí un correo sospechoso que pide mi contraseña');
    // A clear lead in score still wins, and a reporting verb ("dice") in a title covers nothing.
    expect(top('la pantalla se quedo en negro pero la pc suena')).toBe('El monitor no muestra imagen');
    expect(top('la impresora dice offline')).toBe('La impresora aparece "fuera de línea" o "sin conexión"');
  });

  it('ignores accents and case', () => {
    expect(top('CONTRASEÑA CADUCÓ')).toBe(top('contrasena caduco'));
    expect(top('contrasena caduco')).toBe('Me dice que mi contraseña caducó o expiró');
  });

  it('finds entries through stems (plural, verb forms)', () => {
    expect(top('las impresoras no imprimen')).toBe('La impresora no imprime, ¿qué hago?');
    expect(top('no puedo conectarme a la vpn desde mi casa')).toBe('¿Cómo me conecto a la VPN para trabajar desde casa?');
  });

  it('forgives typos', () => {
    expect(top('la impresra no imprme')).toBe('La impresora no imprime, ¿qué hago?');
    expect(top('olvide mi contrasña')).toBe('Olvidé mi contraseña');
  });

  it('understands colloquial words through synonyms', () => {
    expect(top('la compu no prende')).toBe('Mi computadora no enciende');
    expect(top('no me llegan los mails')).toBe('No me llegan los correos');
  });

  it('is not confident about questions the FAQ does not cover', () => {
    for (const q of ['cual es la capital de francia', 'receta de ceviche', 'como saco mi licencia de conducir']) {
      const m = index.find(q, 1)[0];
      expect(m === undefined || !isConfident(m), q).toBe(true);
    }
    expect(index.best('hola')).toBeNull();
  });

  it('is confident about a plain question it covers', () => {
    expect(index.best('mi computadora está muy lenta')?.faq.question).toBe('Mi computadora está muy lenta');
  });

  it('is confident on the small FAQ of a new installation, and still refuses what it does not cover', () => {
    const one = new FaqIndex([{ id: 1, question: '¿Cómo reinicio el plotter?', answer: '1. Apáguelo.\n2. Enciéndalo.', keywords: 'plotter planos', categoryId: null, needsTicket: false }]);
    expect(one.best('el plotter no responde')?.faq.id).toBe(1);
    expect(one.best('receta de ceviche')).toBeNull();
  });

  it('skips entries it was not given (inactive ones are never indexed)', () => {
    const small = new FaqIndex(demoFaqDocuments().filter((f) => !f.question.includes('VPN')));
    expect(
      small
        .find('vpn no conecta', 3)
        .map((m) => m.faq.question)
        .join(),
    ).not.toContain('VPN');
  });
});
