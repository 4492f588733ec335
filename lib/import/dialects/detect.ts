import type { Dialect } from "../dialect";
import { refuse, type FileRefusal, type Result } from "../refusal";
import type { Sheet } from "../read/sheet";
import { isC8yBulk, prepareC8yBulk } from "./c8y-bulk";
import { checkHeaderNames } from "./columns";
import { withoutRoundTripColumns } from "./round-trip";
import type { ImportContext } from "./context";
import { isDeviceCsv, prepareDeviceCsv } from "./device-csv";
import { isEnosApi, prepareEnosApi } from "./enos-api";
import { isEnosTemplate, prepareEnosTemplate, type RowParser } from "./enos-template";

const fileDialects = [
  { id: "enos_template", matches: isEnosTemplate, prepare: prepareEnosTemplate },
  { id: "c8y_bulk", matches: isC8yBulk, prepare: prepareC8yBulk },
  { id: "device_csv", matches: isDeviceCsv, prepare: prepareDeviceCsv },
  { id: "enos_api", matches: isEnosApi, prepare: prepareEnosApi },
] as const satisfies { id: Dialect; matches: (header: string[]) => boolean; prepare: unknown }[];

export type FileDialect = (typeof fileDialects)[number]["id"];

/**
 * Recognises the dialect from the header row; refuses with what was expected and what was found.
 * A file the console exported (Line first, Errors last) is read without those two columns when
 * what remains is a known dialect: the returned sheet is the one to parse.
 */
export function detectDialect(input: Sheet, context: ImportContext): Result<{ dialect: FileDialect; parser: RowParser; sheet: Sheet }, FileRefusal> {
  const stripped = withoutRoundTripColumns(input);
  const sheet = stripped && fileDialects.some((d) => d.matches(stripped.header.cells)) ? stripped : input;
  const header = sheet.header.cells;
  const duplicate = checkHeaderNames(header);
  if (duplicate) return { ok: false, error: duplicate };
  for (const dialect of fileDialects) {
    if (!dialect.matches(header)) continue;
    const prepared = dialect.prepare(sheet, context);
    return prepared.ok ? { ok: true, value: { dialect: dialect.id, parser: prepared.value, sheet } } : prepared;
  }
  const found = header.filter((h) => h.trim() !== "").slice(0, 8).map((h) => `"${h.trim().slice(0, 40)}"`).join(", ");
  return {
    ok: false,
    error: refuse(
      "UNKNOWN_DIALECT",
      `The header row (line ${sheet.header.line}) matches none of the accepted formats. Expected the product template (DeviceKey, Device Name, Time Zone, then the attributes), a Cumulocity bulk registration CSV (ID;CREDENTIALS;…) or the 21/25-column device CSV (Device Name, Device Unique ID, …). Found: ${found || "an empty row"}.`,
    ),
  };
}
