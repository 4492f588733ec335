import { deviceCsvColumns } from "../dialects/device-csv";

/** A device CSV row (seed 003) by column index; the columns not given are empty. */
export const deviceCsvRow = (cells: Record<number, string>) => deviceCsvColumns.map((_, i) => cells[i] ?? "").join(",");
/** The device CSV's header and the rows, as its API receives them. */
export const deviceCsvText = (...rows: string[]) => [deviceCsvColumns.join(","), ...rows].join("\n");
/** A row creating an Acme meter (product MTR3P, heartbeat 60 s) with that key. */
export const meterCreateRow = (key: string, extra: Record<number, string> = {}) => deviceCsvRow({ 0: `Meter ${key}`, 1: key, 4: "acme", 5: "MTR3P", 6: "60", ...extra });
