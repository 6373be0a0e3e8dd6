/**
 * Fictional staff of the demo: Andean Peruvian given names and two surnames, 8-digit DNIs and
 * 9-digit mobile numbers (9XXXXXXXX). Generated from a seed, so the same people come back on
 * every start. Three of them are fixed and quoted in the README (DEMO_PEOPLE).
 */
import type { Random } from './prng';

const FEMALE_NAMES = [
  'María',
  'Rosa',
  'Luz',
  'Carmen',
  'Yeny',
  'Nilda',
  'Marleny',
  'Gladys',
  'Norma',
  'Maribel',
  'Yolanda',
  'Vilma',
  'Sonia',
  'Roxana',
  'Milagros',
  'Yesenia',
  'Ruth',
  'Hilda',
  'Dina',
  'Elizabeth',
  'Flor',
  'Beatriz',
  'Nancy',
  'Lourdes',
  'Delia',
  'Julia',
  'Rocío',
  'Edith',
  'Wilma',
  'Maritza',
  'Lizbeth',
  'Soledad',
  'Haydeé',
  'Nélida',
  'Fortunata',
  'Sabina',
  'Celia',
  'Eva',
  'Janet',
  'Karina',
  'Yaneth',
  'Mery',
  'Olga',
  'Vicentina',
] as const;
const FEMALE_SECOND = ['Elena', 'Luz', 'Isabel', 'Rosa', 'Carmen', 'Marina', 'Esther', 'Teresa', 'Victoria', 'Cristina'] as const;

const MALE_NAMES = [
  'Juan',
  'José',
  'Wilber',
  'Edwin',
  'Yony',
  'Percy',
  'Rubén',
  'Teófilo',
  'Efraín',
  'Wilfredo',
  'Hernán',
  'Abel',
  'Fredy',
  'Elmer',
  'Ever',
  'Nelson',
  'Rolando',
  'Alipio',
  'Fortunato',
  'Saturnino',
  'Vidal',
  'Máximo',
  'Hugo',
  'Walter',
  'Raúl',
  'Marco',
  'Julio',
  'Jhon',
  'Alex',
  'Richard',
  'David',
  'Germán',
  'Néstor',
  'Félix',
  'Isaac',
  'Melquiades',
  'Eusebio',
  'Clemente',
  'Rómulo',
  'Hipólito',
  'Lucio',
  'Mario',
  'Ronald',
  'Grimaldo',
] as const;
const MALE_SECOND = ['Carlos', 'Luis', 'Antonio', 'Alberto', 'Manuel', 'Mario', 'Daniel', 'Francisco', 'Pablo', 'Enrique'] as const;

const SURNAMES = [
  'Quispe',
  'Mamani',
  'Huamán',
  'Condori',
  'Choque',
  'Apaza',
  'Ccama',
  'Huanca',
  'Flores',
  'Rojas',
  'Gutiérrez',
  'Vargas',
  'Ramos',
  'Cusi',
  'Ticona',
  'Pari',
  'Yupanqui',
  'Huaraca',
  'Ccahuana',
  'Chambi',
  'Coaquira',
  'Layme',
  'Limachi',
  'Pacheco',
  'Palomino',
  'Salas',
  'Zegarra',
  'Cárdenas',
  'Alarcón',
  'Sulca',
  'Huillca',
  'Puma',
  'Tupa',
  'Aroni',
  'Cruz',
  'Chávez',
  'Torres',
  'Medina',
  'Valencia',
  'Soncco',
  'Calla',
  'Ccori',
  'Yucra',
  'Machaca',
  'Ayala',
  'Paucar',
  'Llamocca',
  'Ñaupa',
  'Huarcaya',
  'Oscco',
  'Sánchez',
  'Mendoza',
  'Contreras',
  'Pillaca',
  'Cuba',
  'Serrano',
  'Tello',
  'Vilca',
  'Gamarra',
  'Ore',
  'Taipe',
  'Carbajal',
  'Hurtado',
  'Sarmiento',
  'Román',
] as const;

export interface DemoPerson {
  dni: string;
  firstName: string;
  lastName: string;
  phone: string;
  /** Office code this year; null = no office this year (the lookup answers 403). */
  officeThisYear: string | null;
  /** Office code last year; null = not on the staff last year. */
  officeLastYear: string | null;
}

/**
 * The three people quoted in the README: one with an office this year, another one, and one
 * whose assignment ended last year (to show the "no office this year" answer).
 */
export const DEMO_PEOPLE = {
  withOffice: {
    dni: '43218765',
    firstName: 'Rosa Luz',
    lastName: 'Quispe Mamani',
    phone: '984512736',
    officeThisYear: 'OABAS',
    officeLastYear: 'OABAS',
  },
  another: {
    dni: '45873216',
    firstName: 'Juan Carlos',
    lastName: 'Condori Huamán',
    phone: '951837264',
    officeThisYear: 'SGO',
    officeLastYear: 'SGED',
  },
  noOfficeThisYear: {
    dni: '40127654',
    firstName: 'Teófilo',
    lastName: 'Ccama Apaza',
    phone: '973615284',
    officeThisYear: null,
    officeLastYear: 'CT2022',
  },
} as const satisfies Record<string, DemoPerson>;

export interface OfficeWeight {
  code: string;
  size: number;
}

/**
 * `count` people (the three of DEMO_PEOPLE included). Everyone has an office this year except
 * `withoutOffice` of them; about 85 % were also on last year's staff, a few in another office.
 */
export function generatePeople(random: Random, options: { count: number; withoutOffice: number; officesThisYear: OfficeWeight[]; officesLastYearOnly: string[] }): DemoPerson[] {
  const people: DemoPerson[] = Object.values(DEMO_PEOPLE).map((p) => ({ ...p }));
  const dnis = new Set(people.map((p) => p.dni));
  const phones = new Set(people.map((p) => p.phone));
  const thisYear = options.officesThisYear.filter((o) => o.size > 0).map((o) => [o.code, o.size] as const);

  // Every office with a size gets at least one person before the rest is spread by weight.
  const guaranteed = thisYear.map(([code]) => code);
  let withoutOfficeLeft = options.withoutOffice - people.filter((p) => p.officeThisYear === null).length;
  while (people.length < options.count) {
    let dni: string;
    do dni = String(random.int(10_000_000, 79_999_999));
    while (dnis.has(dni));
    dnis.add(dni);
    let phone: string;
    do phone = `9${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
    while (phones.has(phone));
    phones.add(phone);

    const female = random.chance(0.5);
    const given = female ? random.pick(FEMALE_NAMES) : random.pick(MALE_NAMES);
    const second = random.chance(0.45) ? ` ${female ? random.pick(FEMALE_SECOND) : random.pick(MALE_SECOND)}` : '';
    const first = random.pick(SURNAMES);
    let other = random.pick(SURNAMES);
    while (other === first) other = random.pick(SURNAMES);

    const guaranteedOffice = guaranteed.shift();
    let officeThisYear: string | null = guaranteedOffice ?? random.weighted(thisYear);
    let officeLastYear: string | null = random.chance(0.85) ? officeThisYear : null;
    if (officeLastYear && random.chance(0.12)) officeLastYear = random.weighted(thisYear);
    if (!guaranteedOffice && withoutOfficeLeft > 0 && people.length % 60 === 7) {
      // Contract ended or not yet reassigned this year.
      withoutOfficeLeft--;
      officeLastYear = random.chance(0.5) ? random.pick(options.officesLastYearOnly) : officeThisYear;
      officeThisYear = null;
    }
    people.push({ dni, firstName: `${given}${second}`, lastName: `${first} ${other}`, phone, officeThisYear, officeLastYear });
  }
  return people;
}
