/**
 * The note under a text box that a paste was cut at its `maxlength` (the browser drops the rest
 * silently). Hidden until `client/_paste-cut.ts` fills it; the box names it with
 * `data-paste-cut={id}`. Without JavaScript nothing is announced (the server's limit still holds).
 */
import type { JSX } from 'preact';
import type { PageContext } from './render';

export function PasteCutNote({ page, id, max, message, class: extra }: { page: PageContext; id: string; max: number; message?: string; class?: string }): JSX.Element {
  const template = message ?? page.t('portal.pasteCut', { max });
  return <p id={id} class={`form-text text-danger-emphasis mb-0${extra ? ` ${extra}` : ''}`} role="status" data-template={template} hidden />;
}
