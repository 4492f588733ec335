/**
 * The figures issue 12 set goals for, each written by the bench that measures it (bench/out/,
 * gitignored) and printed together by bench/summary.ts at the end of npm run bench.
 */
import fs from "node:fs";
import path from "node:path";

export type Figure = { what: string; value: number; unit: "×" | "s" | "MB"; goal: number; measuredAt: string };

const OUT = path.join(import.meta.dirname, "out");

/** Records the figures one bench measured (replacing what that bench recorded before). */
export function recordFigures(bench: string, figures: Omit<Figure, "measuredAt">[]) {
  fs.mkdirSync(OUT, { recursive: true });
  const measuredAt = new Date().toISOString();
  fs.writeFileSync(path.join(OUT, `${bench}.json`), JSON.stringify(figures.map((f) => ({ ...f, measuredAt })), null, 2));
}

/** Every bench's figures recorded so far, in the order the benches run. */
export function recordedFigures(order: string[]): { bench: string; figures: Figure[] }[] {
  return order.flatMap((bench) => {
    const file = path.join(OUT, `${bench}.json`);
    return fs.existsSync(file) ? [{ bench, figures: JSON.parse(fs.readFileSync(file, "utf8")) as Figure[] }] : [];
  });
}
