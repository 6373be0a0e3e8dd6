/**
 * The demo office tree: a Peruvian regional government (sede central, gerencias with their
 * subgerencias, oficinas, direcciones regionales and a few provincial agencies). `size` is the
 * relative number of people working there; inactive offices only appear in last year's
 * assignments.
 */
export interface DemoOffice {
  code: string;
  name: string;
  /** Relative headcount (0 = nobody this year). */
  size: number;
  children?: DemoOffice[];
}

const office = (code: string, name: string, size: number, children?: DemoOffice[]): DemoOffice => (children ? { code, name, size, children } : { code, name, size });

export const DEMO_OFFICE_TREE: DemoOffice = office('GR', 'Gobierno Regional', 0, [
  office('GOB', 'Gobernación Regional', 4, [office('VGOB', 'Vicegobernación Regional', 2), office('SG', 'Secretaría General', 4)]),
  office('CR', 'Consejo Regional', 5),
  office('OCI', 'Órgano de Control Institucional', 6),
  office('PPR', 'Procuraduría Pública Regional', 4),
  office('GGR', 'Gerencia General Regional', 4, [
    office('GRPPAT', 'Gerencia Regional de Planeamiento, Presupuesto y Acondicionamiento Territorial', 3, [
      office('SGPE', 'Subgerencia de Planeamiento y Estadística', 5),
      office('SGPT', 'Subgerencia de Presupuesto y Tributación', 6),
      office('SGAT', 'Subgerencia de Acondicionamiento Territorial', 4),
      office('SGDI', 'Subgerencia de Desarrollo Institucional', 3),
      office('OPMI', 'Oficina de Programación Multianual de Inversiones', 5),
    ]),
    office('GRDE', 'Gerencia Regional de Desarrollo Económico', 3, [
      office('SGPIP', 'Subgerencia de Promoción de la Inversión Privada', 3),
      office('SGPEM', 'Subgerencia de Promoción Empresarial', 4),
      office('DRA', 'Dirección Regional de Agricultura', 9, [office('AAGRAU', 'Agencia Agraria Grau', 4), office('AACHI', 'Agencia Agraria Chincheros', 4)]),
      office('DIREPRO', 'Dirección Regional de la Producción', 5),
      office('DIRCETUR', 'Dirección Regional de Comercio Exterior y Turismo', 5),
      office('DREM', 'Dirección Regional de Energía y Minas', 5),
    ]),
    office('GRDS', 'Gerencia Regional de Desarrollo Social', 3, [
      office('SGIS', 'Subgerencia de Inclusión Social, Juventudes y Deporte', 4),
      office('SGPV', 'Subgerencia de Poblaciones Vulnerables', 3),
      office('OREDIS', 'Oficina Regional de Atención a las Personas con Discapacidad', 3),
      office('DIRESA', 'Dirección Regional de Salud', 10, [office('RSAYM', 'Red de Salud Aymaraes', 5), office('LRR', 'Laboratorio Referencial Regional', 4)]),
      office('DRE', 'Dirección Regional de Educación', 10, [office('UGELANT', 'UGEL Antabamba', 5), office('UGELGRAU', 'UGEL Grau', 5)]),
      office('DRTPE', 'Dirección Regional de Trabajo y Promoción del Empleo', 6),
    ]),
    office('GRI', 'Gerencia Regional de Infraestructura', 4, [
      office('SGED', 'Subgerencia de Estudios Definitivos', 8),
      office('SGO', 'Subgerencia de Obras', 12),
      office('SGSLO', 'Subgerencia de Supervisión y Liquidación de Obras', 8),
      office('SGEM', 'Subgerencia de Equipo Mecánico', 5),
      office('DRTC', 'Dirección Regional de Transportes y Comunicaciones', 6, [office('SDCT', 'Subdirección de Circulación Terrestre', 5)]),
      office('DRVCS', 'Dirección Regional de Vivienda, Construcción y Saneamiento', 5),
    ]),
    office('GRRNGMA', 'Gerencia Regional de Recursos Naturales y Gestión del Medio Ambiente', 3, [
      office('SGRNAP', 'Subgerencia de Recursos Naturales y Áreas Protegidas', 4),
      office('SGGMA', 'Subgerencia de Gestión del Medio Ambiente', 4),
      office('SGGRD', 'Subgerencia de Gestión del Riesgo de Desastres y Defensa Civil', 4),
    ]),
    office('ORA', 'Oficina Regional de Administración', 4, [
      office('OABAS', 'Oficina de Abastecimiento (Logística)', 10, [office('ALM', 'Almacén Central', 4)]),
      office('OCONT', 'Oficina de Contabilidad', 8),
      office('OTES', 'Oficina de Tesorería', 6),
      office('ORH', 'Oficina de Recursos Humanos', 8, [office('ESC', 'Unidad de Escalafón', 3)]),
      office('OCP', 'Oficina de Control Patrimonial', 4),
      office('USG', 'Unidad de Mantenimiento y Servicios Generales', 5),
    ]),
    office('ORAJ', 'Oficina Regional de Asesoría Jurídica', 6),
    office('OTI', 'Oficina de Tecnologías de la Información', 4, [office('USTI', 'Unidad de Soporte Técnico', 4)]),
    office('OII', 'Oficina de Imagen Institucional', 4),
    office('OTDA', 'Oficina de Trámite Documentario y Archivo', 5, [office('ARCH', 'Archivo Central', 3)]),
    office('OENL', 'Oficina de Enlace en Lima', 0),
    office('GSRAND', 'Gerencia Subregional Andahuaylas', 8),
    office('GSRCHI', 'Gerencia Subregional Chincheros', 6),
    office('GSRCOT', 'Gerencia Subregional Cotabambas', 5),
    office('CT2022', 'Comisión de Transferencia de Gestión 2022', 0),
  ]),
]);

/** Offices closed or merged: kept for history (last year's assignments), not selectable. */
export const INACTIVE_OFFICE_CODES = new Set(['OENL', 'CT2022']);

export interface FlatOffice {
  code: string;
  name: string;
  parentCode: string | null;
  size: number;
  active: boolean;
  depth: number;
}

/** The tree in breadth-first order (parents before children). */
export function flattenOffices(root: DemoOffice = DEMO_OFFICE_TREE): FlatOffice[] {
  const out: FlatOffice[] = [];
  const queue: { node: DemoOffice; parentCode: string | null; depth: number }[] = [{ node: root, parentCode: null, depth: 0 }];
  while (queue.length) {
    const { node, parentCode, depth } = queue.shift() as (typeof queue)[number];
    out.push({ code: node.code, name: node.name, parentCode, size: node.size, active: !INACTIVE_OFFICE_CODES.has(node.code), depth });
    for (const child of node.children ?? []) queue.push({ node: child, parentCode: node.code, depth: depth + 1 });
  }
  return out;
}
