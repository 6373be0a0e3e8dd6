/**
 * An FAQ answer exactly as the assistant's chat shows it: the same parser (`chat-markdown.ts`)
 * as the widget, rendered as escaped Preact nodes (the widget builds the same elements with
 * `textContent`). A `javascript:` link is plain text here as it is in the chat.
 */
import { parseChatMarkdown, type Inline } from '../../../assistant/chat-markdown';

function Inlines({ inlines }: { inlines: Inline[] }) {
  return (
    <>
      {inlines.map((i) =>
        i.type === 'text' ? (
          i.text
        ) : i.type === 'strong' ? (
          <strong>{i.text}</strong>
        ) : i.type === 'em' ? (
          <em>{i.text}</em>
        ) : i.type === 'code' ? (
          <code>{i.text}</code>
        ) : (
          <a href={i.href} rel="noopener noreferrer nofollow" target="_blank">
            {i.text}
          </a>
        ),
      )}
    </>
  );
}

export function ChatMarkdownView({ markdown }: { markdown: string }) {
  return (
    <>
      {parseChatMarkdown(markdown).map((b) =>
        b.type === 'p' ? (
          <p>
            <Inlines inlines={b.inlines} />
          </p>
        ) : b.type === 'h' ? (
          <p>
            <strong>
              <Inlines inlines={b.inlines} />
            </strong>
          </p>
        ) : b.type === 'ol' ? (
          <ol start={b.start === 1 ? undefined : b.start}>
            {b.items.map((item) => (
              <li>
                <Inlines inlines={item} />
              </li>
            ))}
          </ol>
        ) : (
          <ul>
            {b.items.map((item) => (
              <li>
                <Inlines inlines={item} />
              </li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}
