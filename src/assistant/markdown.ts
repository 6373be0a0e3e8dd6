/**
 * Markdown → HTML for FAQ answers on staff pages (preview, list). markdown-it with raw HTML off
 * (tags are escaped), links only to http, https and mailto, opened safely. The one place whose
 * output pages may insert as HTML.
 */
import MarkdownIt from 'markdown-it';
import { safeHref } from './chat-markdown';

const md = new MarkdownIt({ html: false, linkify: true, breaks: false, typographer: false });

md.validateLink = (url: string) => safeHref(url) !== null;

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  token.attrSet('rel', 'noopener noreferrer nofollow');
  token.attrSet('target', '_blank');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(markdown: string): string {
  return md.render(markdown);
}
