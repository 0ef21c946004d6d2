import path from "node:path";
import { createMailer } from "./mailer.ts";
import type { NotificationDeps } from "./deliver-notifications.ts";

export const DEFAULT_MAIL_FROM = "中试通 Zhongshi <noreply@zhongshi.local>";

/** The development mailbox: .eml files under the data folder when no SMTP server is configured. */
export const mailDirOf = (dataDir: string) => path.join(dataDir, "mail");

export const createNotificationDeps = ({
  smtpUrl,
  mailFrom = DEFAULT_MAIL_FROM,
  dataDir,
  publicOrigin,
}: {
  smtpUrl?: string | undefined;
  mailFrom?: string | undefined;
  dataDir: string;
  publicOrigin: string;
}): NotificationDeps => ({
  mailer: createMailer({ smtpUrl, from: mailFrom, mailDir: mailDirOf(dataDir) }),
  mailFrom,
  publicOrigin,
});
