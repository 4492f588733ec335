import { csv, inverterAttributes, testContext } from "../../__fixtures__/context";
import { defaultLimits } from "../../limits";
import { templateColumns } from "../../template-columns";

const header = templateColumns(inverterAttributes).map((c) => c.header).join(",");
/** A large CSV: an admin may raise the row and byte limits this far, and reading it takes seconds. */
export function bigCsv(rows: number) {
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(`INV-${String(i).padStart(7, "0")},Inverter ${i},+08:00,5.5,2,Sungrow,2.1.0,three,97.5,true,2026-01-15`);
  return csv(lines.join("\n"));
}
export const raised = (rows: number) => testContext({ limits: { ...defaultLimits, maxRows: rows, maxBytes: 512 * 1024 * 1024 } });

