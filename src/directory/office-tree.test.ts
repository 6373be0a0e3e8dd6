import { describe, expect, it } from 'vitest';
import { flattenOfficeTree } from './office-tree';
import { wouldCycle } from './commands/update-office';

const office = (id: number, name: string, parentId: number | null, active = true) => ({ id, name, parentId, active, code: null });

describe('the office tree', () => {
  it('lists each office under its parent, by name, with depth and path', () => {
    const tree = flattenOfficeTree([office(3, 'Soporte', 2), office(1, 'Gerencia', null), office(2, 'Informática', 1), office(4, 'Archivo', 1), office(5, 'Almacén', null)]);
    expect(tree.map((o) => [o.name, o.depth, o.path])).toEqual([
      ['Almacén', 0, 'Almacén'],
      ['Gerencia', 0, 'Gerencia'],
      ['Archivo', 1, 'Gerencia › Archivo'],
      ['Informática', 1, 'Gerencia › Informática'],
      ['Soporte', 2, 'Gerencia › Informática › Soporte'],
    ]);
  });

  it('shows an office whose parent is missing at the top level', () => {
    expect(flattenOfficeTree([office(7, 'Huérfana', 99)]).map((o) => o.depth)).toEqual([0]);
  });

  it('detects a parent that would close a loop', () => {
    const offices = [office(1, 'A', null), office(2, 'B', 1), office(3, 'C', 2)];
    expect(wouldCycle(offices, 1, 1)).toBe(true);
    expect(wouldCycle(offices, 1, 3)).toBe(true);
    expect(wouldCycle(offices, 3, 1)).toBe(false);
    expect(wouldCycle(offices, 2, null)).toBe(false);
  });
});
