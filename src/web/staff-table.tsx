/** Tables of the staff pages: a header row from column names, a body, sideways scrolling on a phone. */
import type { ComponentChildren } from 'preact';

/** A column of a table: its name, and the classes of its header cell (`d-none d-sm-table-cell` to hide it on a phone). */
export type Column = string | { label: string; class?: string };

/** The header row of a table: one `<th scope="col">` per column. */
export function HeadRow({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th scope="col">{c}</th>
          ) : (
            <th scope="col" class={c.class}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/**
 * A table that scrolls sideways when it must: a hidden caption (`label`), its header row from
 * `columns`, and the rows (`children`) as its body. Without `columns`, `children` is the whole table
 * (a `thead` of its own).
 */
export function DataTable({
  label,
  columns,
  class: tableClass,
  id,
  bodyClass,
  children,
}: {
  label?: string;
  columns?: Column[];
  class?: string;
  id?: string;
  bodyClass?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="table-responsive">
      <table class={tableClass ?? 'table table-sm table-hover align-middle mb-0'} id={id}>
        {label ? <caption class="visually-hidden">{label}</caption> : null}
        {columns ? (
          <>
            <HeadRow columns={columns} />
            <tbody class={bodyClass}>{children}</tbody>
          </>
        ) : (
          children
        )}
      </table>
    </div>
  );
}

/**
 * The classes of a cell hidden on a small screen and shown from a breakpoint up. Written out whole:
 * the Bootstrap subset keeps only the classes the sources name (`web/assets.ts`).
 */
export const SHOWN_FROM = { sm: 'd-none d-sm-table-cell', md: 'd-none d-md-table-cell', lg: 'd-none d-lg-table-cell' } as const;

/** A column hidden on a small screen, shown from the breakpoint `from` up; `extra` classes besides. */
export function wideColumn(label: string, from: keyof typeof SHOWN_FROM, extra?: string): Column {
  return { label, class: extra ? `${SHOWN_FROM[from]} ${extra}` : SHOWN_FROM[from] };
}
