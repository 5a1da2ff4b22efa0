/** The value below which `p` per cent of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export const MB = 1024 * 1024;

/** Seconds since `start` (from `process.hrtime.bigint()`). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Loops `work` for `seconds` and returns how many times per second it ran. */
export function ratePerSecond(seconds: number, work: () => number): number {
  const start = process.hrtime.bigint();
  let done = 0;
  while (secondsSince(start) < seconds) done += work();
  return done / secondsSince(start);
}
