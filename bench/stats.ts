import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Figure {
  value: number;
  unit: string;
  floor?: number;
  ratio?: number;
}
export type Figures = Record<string, Figure>;

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

/** Runs `task` for `count` items with `concurrency` in flight; returns each item's latency in ms. */
export async function drive(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const start = performance.now();
      await task(i);
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies: latencies.sort((a, b) => a - b), wallMs: performance.now() - t0 };
}

/**
 * Two ways of doing one thing, timed in alternating order (so neither always runs second, on a
 * warmer cache), after `warm` rounds: the p50 of each in ms.
 */
export async function pairedP50<K extends string>(once: (which: K) => Promise<number>, [a, b]: [K, K], rounds: number, warm: number): Promise<Record<K, number>> {
  for (let i = 0; i < warm; i++) await once(i % 2 ? a : b);
  const times = { [a]: [] as number[], [b]: [] as number[] } as Record<K, number[]>;
  for (let i = 0; i < rounds; i++) {
    const [first, second] = i % 2 ? [a, b] : [b, a];
    times[first].push(await once(first));
    times[second].push(await once(second));
  }
  return { [a]: median(times[a]), [b]: median(times[b]) } as Record<K, number>;
}

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));

/** Merges figures into bench/results.json: the keys of benchmarks not run now (the soak's, a suite left out) stay. */
export function saveFigures(figures: Figures): void {
  const file = resolve(import.meta.dirname, 'results.json');
  const previous = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Figures;
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
