import nodemailer from "nodemailer";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export type MailAttachment = { filename: string; content: string; contentType: string };
export type Mail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Also the idempotency key: a resent message keeps it, so receivers can drop the duplicate. */
  messageId: string;
  locale: string;
  icalEvent?: { method: "REQUEST" | "CANCEL"; content: string };
};
export type Mailer = { send: (mail: Mail) => Promise<void>; describe: string; close: () => void };

export type MailConfig = {
  /** smtp(s)://user:pass@host:port; unset writes .eml files to `mailDir` (the development mailbox). */
  smtpUrl?: string | undefined;
  from: string;
  mailDir: string;
};

const toMessage = (from: string, mail: Mail) => ({
  from,
  to: mail.to,
  subject: mail.subject,
  text: mail.text,
  html: mail.html,
  messageId: mail.messageId,
  headers: { "Content-Language": mail.locale },
  ...(mail.icalEvent
    ? {
        icalEvent: { method: mail.icalEvent.method, filename: "booking.ics", content: mail.icalEvent.content },
      }
    : {}),
});

/** Named by the message id: a resent message overwrites its file instead of appearing twice. */
export const emlFileName = (messageId: string) => `${messageId.replace(/[^A-Za-z0-9.-]/g, "_")}.eml`;

export const createMailer = ({ smtpUrl, from, mailDir }: MailConfig): Mailer => {
  if (smtpUrl) {
    // A pool keeps the connection between messages: a new one per message cost ~140 ms here.
    const transport = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 2 });
    return {
      describe: `SMTP ${new URL(smtpUrl).host}`,
      close: () => transport.close(),
      send: async (mail) => {
        await transport.sendMail(toMessage(from, mail));
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    describe: `files in ${mailDir}`,
    close: () => transport.close(),
    send: async (mail) => {
      const info = await transport.sendMail(toMessage(from, mail));
      await mkdir(mailDir, { recursive: true });
      await writeFile(path.join(mailDir, emlFileName(mail.messageId)), info.message as Buffer);
    },
  };
};
