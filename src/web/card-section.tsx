/** The card every page of the staff area and the portal uses for one part of a page: a heading and what it heads. */
import type { ComponentChildren } from 'preact';

/**
 * A card with a heading (h2, `id`) holding a form, a list or a table. `class` for a card of another
 * look (the workspace's `card shadow-sm mb-4`), `anchor` for a section a link jumps to (`#worklog`).
 */
export function Section({ id, title, class: cardClass, anchor, children }: { id: string; title: ComponentChildren; class?: string; anchor?: string; children: ComponentChildren }) {
  return (
    <section class={cardClass ?? 'card mb-4'} aria-labelledby={id} id={anchor}>
      <div class="card-body">
        <h2 class="h5" id={id}>
          {title}
        </h2>
        {children}
      </div>
    </section>
  );
}
