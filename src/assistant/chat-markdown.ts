/**
 * The Markdown subset of assistant replies (numbered and bulleted lists, paragraphs, **bold**,
 * *italics*, `code`, [links](https://…)), parsed into plain data. The widget builds DOM nodes
 * from it with `textContent` — model text never reaches `innerHTML`. Pure: used by the
 * client bundle and tested in Node.
 */

export type Inline = { type: 'text'; text: string } | { type: 'strong'; text: string } | { type: 'em'; text: string } | { type: 'code'; text: string } | { type: 'link'; text: string; href: string };

export type Block = { type: 'p'; inlines: Inline[] } | { type: 'ol'; start: number; items: Inline[][] } | { type: 'ul'; items: Inline[][] } | { type: 'h'; inlines: Inline[] };

/** Only web and mail links; anything else (javascript:, data:) is shown as text. */
export function safeHref(href: string): string | null {
  const h = href.trim();
  return /^(https?:\/\/|mailto:)/i.test(h) && !/[\s"'<>]/.test(h) ? h : null;
}

const INLINE_RE = /\*\*([^*]+)\*\*|__([^_]+)__|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|\*([^*\s][^*]*)\*|(https?:\/\/[^\s)]+)/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE_RE)) {
    const index = m.index ?? 0;
    if (index > last) out.push({ type: 'text', text: text.slice(last, index) });
    if (m[1] ?? m[2]) out.push({ type: 'strong', text: (m[1] ?? m[2])! });
    else if (m[3]) out.push({ type: 'code', text: m[3] });
    else if (m[4] && m[5]) {
      const href = safeHref(m[5]);
      out.push(href ? { type: 'link', text: m[4], href } : { type: 'text', text: m[4] });
    } else if (m[6]) out.push({ type: 'em', text: m[6] });
    else if (m[7]) out.push({ type: 'link', text: m[7], href: m[7] });
    last = index + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

export function parseChatMarkdown(markdown: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'p', inlines: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    const ordered = /^(\d{1,3})[.)]\s+(.*)$/.exec(line);
    const bullet = /^[-*•]\s+(.*)$/.exec(line);
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    const prev = blocks[blocks.length - 1];
    if (!line) {
      flush();
    } else if (ordered) {
      flush();
      if (prev?.type === 'ol') prev.items.push(parseInline(ordered[2]!));
      else blocks.push({ type: 'ol', start: Number(ordered[1]), items: [parseInline(ordered[2]!)] });
    } else if (bullet) {
      flush();
      if (prev?.type === 'ul') prev.items.push(parseInline(bullet[1]!));
      else blocks.push({ type: 'ul', items: [parseInline(bullet[1]!)] });
    } else if (heading) {
      flush();
      blocks.push({ type: 'h', inlines: parseInline(heading[1]!) });
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}
