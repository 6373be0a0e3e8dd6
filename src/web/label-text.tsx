/**
 * A form label whose text ends in a parenthesis, "Teléfono de contacto (opcional)", draws the
 * parenthesis as a plain aside, like the asset picker's "¿Qué equipo? (opcional)": the label's
 * name is bold, "(opcional, hasta 3)" is not (issue 16). The text stays one message.
 */
import type { JSX } from 'preact';

/** "Name (aside)" → ["Name", "(aside)"]; a text without a trailing parenthesis has no aside. */
export function splitLabel(text: string): [string, string | null] {
  const open = text.lastIndexOf(' (');
  if (open <= 0 || !text.endsWith(')')) return [text, null];
  return [text.slice(0, open), text.slice(open + 1)];
}

export function LabelText({ text }: { text: string }): JSX.Element {
  const [name, aside] = splitLabel(text);
  return aside === null ? (
    <>{name}</>
  ) : (
    <>
      {name} <span class="fw-normal text-secondary">{aside}</span>
    </>
  );
}
