/** npm run bench (last part): issue 12's goals beside the figures the benches just measured. */
import os from "node:os";
import { recordedFigures } from "./goals";

const BENCHES = ["import-core", "commit", "end-to-end", "wizard"];

const shown = (value: number, unit: string) => (unit === "×" ? `${value.toFixed(2)}×` : unit === "s" ? `${value.toFixed(2)} s` : `${Math.round(value)} MB`);

const rows = recordedFigures(BENCHES).flatMap(({ bench, figures }) =>
  figures.map((f) => ({
    bench,
    what: f.what,
    measured: shown(f.value, f.unit),
    goal: `≤ ${shown(f.goal, f.unit)}`,
    met: f.value <= f.goal ? "yes" : "NO",
    at: f.measuredAt.replace("T", " ").slice(0, 16),
  })),
);
console.log(`\nIssue 12's goals (load average now ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores; bench:ui figures are from its last run)\n`);
console.table(rows);
