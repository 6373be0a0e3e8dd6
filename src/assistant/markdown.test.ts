import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('FAQ Markdown rendering', () => {
  it('renders numbered steps and bold text', () => {
    expect(renderMarkdown('1. Abra **Outlook**.\n2. Pulse Enviar.')).toBe('<ol>\n<li>Abra <strong>Outlook</strong>.</li>\n<li>Pulse Enviar.</li>\n</ol>\n');
  });

  it('escapes raw HTML instead of rendering it', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('drops javascript: and data: links and hardens the others', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('href');
    expect(renderMarkdown('[x](data:text/html;base64,PHNjcmlwdD4=)')).not.toContain('href');
    expect(renderMarkdown('[ayuda](https://intranet.gob.pe)')).toContain('<a href="https://intranet.gob.pe" rel="noopener noreferrer nofollow" target="_blank">ayuda</a>');
  });
});
