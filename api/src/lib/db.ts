import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;

/** One client per process; Prisma talks to PostgreSQL through node-postgres, no native engine. */
export const createDb = (databaseUrl: string, { max = 10 }: { max?: number } = {}): Db =>
  new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max }) });
