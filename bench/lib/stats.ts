// Run counts and medians. Each metric's median is taken on its own across the N runs.
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** BENCH_RUNS, at least 3 (a median of fewer is not a median worth printing). */
export function benchRuns(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BENCH_RUNS;
  const n = raw === undefined || raw === '' ? 3 : Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`BENCH_RUNS must be a positive integer, got "${raw}"`);
  return Math.max(3, n);
}

/** A positive integer from the environment, for sizes and counts that tests of the harness shrink. */
export function envInt(
  name: string,
  fallback: number,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

export function envList(
  name: string,
  fallback: readonly number[],
  env: NodeJS.ProcessEnv = process.env,
): number[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [...fallback];
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`${name} must be a comma-separated list of positive integers`);
  return list;
}

export function median(values: readonly number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

export function minMax(values: readonly number[]): [number, number] {
  const v = values.filter((x) => Number.isFinite(x));
  return v.length === 0 ? [NaN, NaN] : [Math.min(...v), Math.max(...v)];
}
