// pnpm bench:portal-js — gzipped JavaScript each portal page loads, from the built client's Vite manifest.
//
// For a page: the client entries (start, app), the page's node with every static import, and its dynamic
// imports (ECharts is loaded with import() when a chart is drawn, so it counts), each file once, gzipped
// at level 9. Run `pnpm --filter @zhongshi/web build` first.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; src?: string };

const client = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/.svelte-kit/output/client");
const manifest = JSON.parse(readFileSync(path.join(client, ".vite/manifest.json"), "utf8")) as Record<string, Chunk>;

const gz = (file: string) => gzipSync(readFileSync(path.join(client, file)), { level: 9 }).length;

const closure = (keys: string[], dynamic: boolean) => {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const k of manifest[key]!.imports ?? []) visit(k);
    if (dynamic) for (const k of manifest[key]!.dynamicImports ?? []) visit(k);
  };
  keys.forEach(visit);
  return seen;
};

const web = path.resolve(client, "../../..");
const generated = path.join(web, ".svelte-kit/generated/client-optimized");
const nodeKey = (n: number) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`;
// The client's own entries (Kit's start and the generated app), not the route nodes (also entries).
const entries = Object.keys(manifest).filter((k) => manifest[k]!.isEntry && !k.includes("/nodes/"));
// Route → its page node and layout nodes, from the generated client's dictionary ("/a": [~5, [2]]).
const app = readFileSync(path.join(generated, "app.js"), "utf8");
const dictionary = [...app.matchAll(/"([^"]+)": \[~?(\d+)(?:,\[([\d,]*)\])?/g)].map((m) => ({
  route: m[1]!,
  nodes: [0, Number(m[2]), ...(m[3] ? m[3].split(",").filter(Boolean).map(Number) : [])],
}));
const rows = dictionary
  .map(({ route, nodes }) => {
    // app.js imports every node lazily: follow only the entries' static imports, and the page's dynamic ones.
    const keys = new Set([...closure(entries, false), ...closure(nodes.map(nodeKey), true)]);
    const files = [...keys].filter((k) => manifest[k]!.file.endsWith(".js"));
    const kb = files.reduce((n, k) => n + gz(manifest[k]!.file), 0) / 1024;
    return { page: route, kb, files: files.length };
  })
  .sort((a, b) => b.kb - a.kb);
console.log("page                                   gzipped JS   files");
for (const r of rows)
  console.log(`${r.page.padEnd(38)} ${r.kb.toFixed(1).padStart(8)} kB  ${String(r.files).padStart(5)}`);
