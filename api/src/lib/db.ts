import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;

/** One client per process; Prisma talks to PostgreSQL through node-postgres, no native engine. */
export const createDb = (databaseUrl: string, { max = 10 }: { max?: number } = {}): Db =>
  new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max }) });

/**
 * A constant list of enum values (from api/src/enums.ts) as an SQL literal list `('A', 'B')`. Inlined rather
 * than bound, so that the planner can match it against partial indexes and the exclusion constraint's
 * predicate, which a bind parameter would hide from it.
 */
export const sqlList = (values: readonly string[]) => {
  if (values.length === 0 || !values.every((value) => /^[A-Z][A-Z_]*$/.test(value)))
    throw new Error(`sqlList takes enum values only, got ${JSON.stringify(values)}`);
  return Prisma.raw(`(${values.map((value) => `'${value}'`).join(", ")})`);
};

/** A transaction client or the root client: repositories work with either. */
export type Tx = Prisma.TransactionClient | Db;

/**
 * The one way a use case opens a transaction: it decides the unit of work, the repositories it calls inside
 * do the queries with the `tx` they are given.
 */
export const inTransaction = <T>(
  db: Db,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
  options?: { isolationLevel?: Prisma.TransactionIsolationLevel },
): Promise<T> => db.$transaction(work, options);
