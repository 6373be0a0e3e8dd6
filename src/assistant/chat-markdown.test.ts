import { describe, expect, it } from 'vitest';
import { parseChatMarkdown, parseInline, safeHref } from './chat-markdown';

describe('assistant reply Markdown', () => {
  it('turns numbered steps into one ordered list', () => {
    expect(parseChatMarkdown('Pruebe esto:\n1. Reinicie.\n2. Abra **Configuración**.\n\nListo.')).toEqual([
      { type: 'p', inlines: [{ type: 'text', text: 'Pruebe esto:' }] },
      {
        type: 'ol',
        start: 1,
        items: [
          [{ type: 'text', text: 'Reinicie.' }],
          [
            { type: 'text', text: 'Abra ' },
            { type: 'strong', text: 'Configuración' },
            { type: 'text', text: '.' },
          ],
        ],
      },
      { type: 'p', inlines: [{ type: 'text', text: 'Listo.' }] },
    ]);
  });

  it('keeps HTML as text, for the widget to show literally', () => {
    expect(parseChatMarkdown('<img src=x onerror=alert(1)>')).toEqual([{ type: 'p', inlines: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] }]);
  });

  it('links only to http, https and mailto', () => {
    expect(parseInline('[ok](https://intranet.gob.pe/ayuda)')).toEqual([{ type: 'link', text: 'ok', href: 'https://intranet.gob.pe/ayuda' }]);
    expect(parseInline('[mal](javascript:alert(1))')[0]).toMatchObject({ type: 'text' });
    expect(safeHref('data:text/html,hola')).toBeNull();
    expect(safeHref('mailto:soporte@x.pe')).toBe('mailto:soporte@x.pe');
  });

  it('reads bullets, code and italics', () => {
    const blocks = parseChatMarkdown('- ejecute `ipconfig /renew`\n- *luego* reinicie');
    expect(blocks).toEqual([
      {
        type: 'ul',
        items: [
          [
            { type: 'text', text: 'ejecute ' },
            { type: 'code', text: 'ipconfig /renew' },
          ],
          [
            { type: 'em', text: 'luego' },
            { type: 'text', text: ' reinicie' },
          ],
        ],
      },
    ]);
  });
});
