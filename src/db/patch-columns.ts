/**
 * The columns an update sets from a patch in which an absent field (undefined) means "leave it as
 * it is": the entries that have a value, in their order. A boolean goes through `flag` (the tables
 * store 0/1).
 */
export function definedColumns<T extends Record<string, unknown>>(columns: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** A boolean field of a patch as the 0/1 the tables store; absent stays absent. */
export const flag = (value: boolean | undefined): 0 | 1 | undefined => (value === undefined ? undefined : value ? 1 : 0);
