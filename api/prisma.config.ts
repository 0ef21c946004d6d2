import { defineConfig } from "prisma/config";

// Only `prisma generate` runs here (see README, "Migrations"); the URL matters for `prisma migrate status`.
export default defineConfig({
  schema: "../prisma/schema.prisma",
  migrations: { path: "../prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5433/zhongshi" },
});
