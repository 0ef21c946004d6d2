/** The SQLSTATE behind an error from Prisma's pg adapter, wherever the adapter put it. */
export const sqlState = (error: unknown): string | undefined => {
  const e = error as {
    cause?: { originalCode?: string };
    meta?: { driverAdapterError?: { cause?: { originalCode?: string } } };
  };
  return e?.cause?.originalCode ?? e?.meta?.driverAdapterError?.cause?.originalCode;
};

const RETRYABLE = new Set(["40001", "40P01"]);

/** Retries a transaction that lost a serialization or deadlock race; anything else is rethrown at once. */
export const withSerializationRetry = async <T>(run: () => Promise<T>, attempts = 5): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !RETRYABLE.has(sqlState(error) ?? "")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
};
