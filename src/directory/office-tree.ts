/** Offices as a tree, for display: each office with its depth, children under their parent. */
import type { Office } from './offices.repository';

export interface OfficeNode extends Office {
  depth: number;
  /** Names from the root to this office, e.g. "Gerencia › Informática". */
  path: string;
}

/** Depth-first order: each parent followed by its children (by name); orphans are roots. */
export function flattenOfficeTree(offices: Office[]): OfficeNode[] {
  const ids = new Set(offices.map((o) => o.id));
  const children = new Map<number | null, Office[]>();
  for (const o of offices) {
    const parent = o.parentId !== null && ids.has(o.parentId) ? o.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), o]);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'es'));
  const out: OfficeNode[] = [];
  const visited = new Set<number>();
  const walk = (parent: number | null, depth: number, prefix: string) => {
    for (const o of children.get(parent) ?? []) {
      if (visited.has(o.id)) continue;
      visited.add(o.id);
      const path = prefix ? `${prefix} › ${o.name}` : o.name;
      out.push({ ...o, depth, path });
      walk(o.id, depth + 1, path);
    }
  };
  walk(null, 0, '');
  return out;
}
