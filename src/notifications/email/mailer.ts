/**
 * The one owner of nodemailer: sends a plain-text e-mail through the institution's SMTP server
 * (`SMTP_URL`, `SMTP_FROM`). Loaded on first use, so a server without e-mail never loads it.
 * A refusal the server means for good (5xx: no such mailbox, relaying denied) is a
 * `PermanentMailError`; anything else (connection, 4xx, timeouts) propagates for the worker to retry.
 */
import type { Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The SMTP server refused this message for good: retrying would not help. */
export class PermanentMailError extends Error {
  constructor(readonly responseCode: number) {
    super(`SMTP ${responseCode}`);
    this.name = 'PermanentMailError';
  }
}

export function createMailer(smtp: { url: string; from: string }): Mailer {
  let transporter: Promise<Transporter> | null = null;
  const transport = () =>
    (transporter ??= import('nodemailer').then((m) =>
      // No pooling: a handful of messages a day; each job opens, sends and closes.
      m.default.createTransport(smtp.url, { from: smtp.from, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 }),
    ));
  return {
    async send(mail) {
      try {
        await (await transport()).sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
      } catch (err) {
        const code = Number((err as { responseCode?: number }).responseCode);
        if (code >= 500 && code < 600) throw new PermanentMailError(code);
        // Only the error's kind: the server's answer may quote the address.
        throw new Error(`SMTP: ${(err as { code?: string }).code ?? 'error'}${code ? ` ${code}` : ''}`);
      }
    },
    close() {
      void transporter?.then((t) => t.close());
    },
  };
}
