/** One reading of an import's progress: rows processed at a time (ms). */
export type ProgressSample = { at: number; processed: number };

/** Rows per second over the recent readings (a window, so a pause or a resume does not skew it for long). */
export function rowsPerSecond(samples: ProgressSample[], windowMs = 5000): number | null {
  const last = samples.at(-1);
  if (!last) return null;
  const first = samples.find((s) => s.at >= last.at - windowMs) ?? samples[0]!;
  const seconds = (last.at - first.at) / 1000;
  if (seconds <= 0 || last.processed <= first.processed) return null;
  return (last.processed - first.processed) / seconds;
}

/** Seconds left at that rate, or null while there is no rate yet. */
export function secondsLeft(samples: ProgressSample[], total: number): number | null {
  const rate = rowsPerSecond(samples);
  const last = samples.at(-1);
  if (!rate || !last) return null;
  return Math.max(0, (total - last.processed) / rate);
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return "under a second";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
