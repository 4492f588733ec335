import type { Dialect } from "../dialect";
import { normalizeHeader } from "./columns";

/** The column that holds each row's device key in a file of the dialect: the grid pins it. */
export function deviceKeyColumn(dialect: Dialect, header: string[]): string | null {
  const names = header.map((h) => h.trim());
  const find = (wanted: string) => names.find((h) => normalizeHeader(h) === normalizeHeader(wanted)) ?? null;
  switch (dialect) {
    case "enos_template":
      return names[0] || null;
    case "device_csv":
      return find("Device Unique ID");
    case "c8y_bulk":
      return find("ID");
    case "enos_api":
      return find("deviceKey");
  }
}
