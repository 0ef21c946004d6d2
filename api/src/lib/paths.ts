import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The checkout's top folder, found by walking up to pnpm-workspace.yaml: the same answer from the sources
 * (api/src/lib) and from the compiled bundle (api/dist), wherever the clone lives.
 */
const findRepoRoot = () => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("Cannot find the checkout's pnpm-workspace.yaml above " + import.meta.url);
    dir = parent;
  }
  return dir + path.sep;
};

export const repoRoot = findRepoRoot();
export const migrationsDir = path.join(repoRoot, "prisma", "migrations") + path.sep;
