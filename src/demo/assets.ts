/**
 * The demo equipment inventory: a desktop or laptop for about half the staff who have an office
 * this year (in their custody), and a printer per active office (the office's) — códigos
 * patrimoniales of 12 digits as the SBN's, from their own seeded stream so the rest of the demo
 * stays the same. The README quotes the first two: Rosa Luz Quispe's PC and her office's printer.
 */
import type { DemoPerson } from './people';
import { DEMO_PEOPLE } from './people';
import type { Random } from './prng';

export interface DemoAsset {
  code: string;
  description: string;
  brand: string;
  model: string;
  serial: string;
  officeCode: string;
  /** DNI of the person in custody; null = the office's. */
  custodianDni: string | null;
}

/** Quoted in the README. */
export const DEMO_ASSETS = {
  featuredPc: '740899500001',
  featuredPrinter: '740899500002',
} as const;

const COMPUTERS = [
  ['Computadora personal de escritorio', 'Lenovo', 'ThinkCentre M70s'],
  ['Computadora personal de escritorio', 'HP', 'ProDesk 400 G7'],
  ['Computadora personal de escritorio', 'Dell', 'OptiPlex 3080'],
  ['Computadora portátil', 'Lenovo', 'ThinkPad E14'],
  ['Computadora portátil', 'HP', 'ProBook 450 G8'],
] as const;
const PRINTERS = [
  ['Impresora multifuncional', 'Epson', 'EcoTank L6270'],
  ['Impresora láser', 'HP', 'LaserJet Pro M404dn'],
  ['Impresora multifuncional', 'Brother', 'MFC-L5900DW'],
] as const;

export function planDemoAssets(random: Random, people: DemoPerson[], activeOfficeCodes: string[]): DemoAsset[] {
  let next = 3;
  const code = () => `7408995${String(next++).padStart(5, '0')}`;
  const serial = () => `S${random.int(10_000_000, 99_999_999)}`;
  const featured = DEMO_PEOPLE.withOffice;
  const assets: DemoAsset[] = [
    { code: DEMO_ASSETS.featuredPc, description: COMPUTERS[0][0], brand: COMPUTERS[0][1], model: COMPUTERS[0][2], serial: serial(), officeCode: featured.officeThisYear, custodianDni: featured.dni },
    { code: DEMO_ASSETS.featuredPrinter, description: PRINTERS[0][0], brand: PRINTERS[0][1], model: PRINTERS[0][2], serial: serial(), officeCode: featured.officeThisYear, custodianDni: null },
  ];
  for (const p of people) {
    if (!p.officeThisYear || p.dni === featured.dni || !random.chance(0.5)) continue;
    const [description, brand, model] = random.pick(COMPUTERS);
    assets.push({ code: code(), description, brand, model, serial: serial(), officeCode: p.officeThisYear, custodianDni: p.dni });
  }
  for (const office of activeOfficeCodes) {
    if (office === featured.officeThisYear) continue;
    const [description, brand, model] = random.pick(PRINTERS);
    assets.push({ code: code(), description, brand, model, serial: serial(), officeCode: office, custodianDni: null });
  }
  return assets;
}

/**
 * The equipment a demo ticket is about: the requester's computer for hardware, their office's
 * printer for printers; nothing for other categories (or when there is none).
 */
export function demoAssetOf(assets: DemoAsset[], ticket: { requesterDni: string; officeCode: string; category: string }): string | null {
  if (ticket.category === 'Hardware') return assets.find((a) => a.custodianDni === ticket.requesterDni)?.code ?? null;
  if (ticket.category === 'Impresoras') return assets.find((a) => a.custodianDni === null && a.officeCode === ticket.officeCode)?.code ?? null;
  return null;
}
