import { performance } from "node:perf_hooks";

export type Timing = { p50: number; p95: number; min: number; max: number };

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

/** Runs `fn` `runs` times after `warmups` untimed runs (query plans, caches, JIT) and returns percentiles in ms. */
export const time = async (runs: number, fn: () => Promise<unknown>, warmups = 2): Promise<Timing> => {
  for (let i = 0; i < warmups; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), min: ms[0]!, max: ms.at(-1)! };
};
