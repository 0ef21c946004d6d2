// `pnpm admin:create <e-mail> [name]`: the first administrator of a real deployment. The password is asked
// on the terminal (not echoed) or, when stdin is not a terminal, read from its first line (scripts, tests).
import { createInterface } from "node:readline";
import { loadEnv, StartupError } from "../lib/env.ts";
import { createDb } from "../lib/db.ts";
import { hashPassword } from "../lib/password.ts";
import { assertPortFree, runningEmbeddedUrl, startEmbeddedDatabase } from "../lib/embedded-db.ts";
import { upsertAdministrator } from "../modules/admin/admin.repository.ts";
import { z } from "zod";

const MIN_PASSWORD = 12;

const askHidden = (prompt: string) =>
  new Promise<string>((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(prompt);
    let value = "";
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stdout.write("\n");
          return resolve(value);
        }
        if (char === "\u0003") {
          stdin.setRawMode(false);
          return reject(new StartupError("cancelled"));
        }
        if (char === "\u007f") value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on("data", onData);
  });

const readFirstLine = () =>
  new Promise<string>((resolve) => {
    const rl = createInterface({ input: process.stdin });
    let line: string | undefined;
    rl.once("line", (l) => {
      line = l;
      rl.close();
    });
    rl.once("close", () => resolve(line ?? ""));
  });

const readPassword = async () => {
  if (!process.stdin.isTTY) return readFirstLine();
  const first = await askHidden("Password: ");
  const second = await askHidden("Again: ");
  if (first !== second) throw new StartupError("The two passwords differ. Nothing was changed.");
  return first;
};

const main = async () => {
  const [email, ...nameParts] = process.argv.slice(2);
  const parsedEmail = z.email().max(254).safeParse(email?.trim().toLowerCase());
  if (!parsedEmail.success) throw new StartupError("Usage: pnpm admin:create <e-mail> [name]");
  const password = await readPassword();
  if (password.length < MIN_PASSWORD || password.length > 200) {
    throw new StartupError(`The password must have ${MIN_PASSWORD} to 200 characters. Nothing was changed.`);
  }
  const env = loadEnv();
  let databaseUrl = env.DATABASE_URL;
  let embedded: Awaited<ReturnType<typeof startEmbeddedDatabase>> | undefined;
  if (!databaseUrl) {
    // `npm start` may be running the embedded cluster right now: use it rather than start a second one.
    const running = await assertPortFree(env.PG_PORT).then(
      () => false,
      () => true,
    );
    databaseUrl = running ? runningEmbeddedUrl(env.ZHONGSHI_DATA_DIR, env.PG_PORT) : undefined;
    if (!databaseUrl) {
      embedded = await startEmbeddedDatabase({ dataDir: env.ZHONGSHI_DATA_DIR, port: env.PG_PORT, persistent: true });
      databaseUrl = embedded.url;
    }
  }
  const db = createDb(databaseUrl);
  try {
    const user = await upsertAdministrator(db, {
      email: parsedEmail.data,
      name: nameParts.join(" ").trim() || parsedEmail.data,
      passwordHash: await hashPassword(password),
    });
    console.log(`[zhongshi] ${user.email} is an administrator. Sign in on the portal.`);
  } finally {
    await db.$disconnect();
    await embedded?.stop();
  }
};

main().catch((error) => {
  console.error(`[zhongshi] ${error instanceof StartupError ? error.message : String(error)}`);
  process.exit(1);
});
