import pg from "pg";

/**
 * Records the text of every statement node-postgres sends (Prisma's adapter uses the same module) until stop():
 * how tests and benches count the round trips of a request.
 */
export const recordStatements = () => {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const texts: string[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    texts.push(typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? ""));
    return original.apply(this, args);
  };
  return { texts, stop: () => ((proto.query = original), texts) };
};

/** The statements sent while `work` runs, with its result. */
export const statementsOf = async <T>(work: () => T | Promise<T>) => {
  const recording = recordStatements();
  try {
    return { result: await work(), texts: recording.texts };
  } finally {
    recording.stop();
  }
};
