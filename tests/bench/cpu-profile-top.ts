// Prints the functions with the most self time in a .cpuprofile (node --cpu-prof), and the same grouped by
// package: `tsx bench/cpu-profile-top.ts <file.cpuprofile> [n]`. Used to say where the server's time goes.
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
const [file, n = "25"] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file!, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
const byFn = new Map<string, number>();
const byPkg = new Map<string, number>();
let total = 0;
for (const node of p.nodes) {
  const t = self.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === "(idle)") continue;
  total += t;
  const where = url
    .replace(/^.*node_modules\/\.pnpm\/([^/]+)\/node_modules\/.*$/, "$1")
    .replace(/^.*\/(api|tests|seeds)\//, "$1/");
  const pkg =
    /node_modules\/\.pnpm\/([^/]+)\//.exec(url)?.[1]?.replace(/@[\d.]+.*$/, "") ??
    (url ? where.split("/")[0]! : functionName);
  byFn.set(
    `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`,
    (byFn.get(`${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`) ?? 0) + t,
  );
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + t);
}
const show = (m: Map<string, number>, k: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, ms]) => `  ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${name}`)
    .join("\n");
console.log(
  `${(total / 1000).toFixed(1)} s of samples (idle excluded)\nby package:\n${show(byPkg, 15)}\ntop functions by self time:\n${show(byFn, Number(n))}`,
);
