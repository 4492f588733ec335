import { refuse, type FileRefusal } from "../refusal";
import type { Sheet } from "../read/sheet";
import { suggestMapping, type Suggestion } from "./suggest";
import { mappingTargets, type MappingTarget } from "./targets";
import type { ModelAttribute } from "../model";

/** Rows and characters per cell sent back for the mapping step: enough to judge a column by. */
export const SAMPLE_ROWS = 20;
const SAMPLE_CHARS = 200;

/** What the mapping step shows: the file's columns, a few values of each, and what they look like. */
export type ForeignHeader = {
  header: string[];
  headerLine: number;
  samples: string[][];
  targets: Pick<MappingTarget, "id" | "header" | "required">[];
  suggestions: Suggestion[];
};

/** The refusal that asks for a mapping rather than ending the upload. */
export function needsMapping(sheet: Sheet, attributes: ModelAttribute[]): FileRefusal {
  const samples = sheet.rows.slice(0, SAMPLE_ROWS).map((row) => sheet.header.cells.map((_, i) => (row.cells[i] ?? "").slice(0, SAMPLE_CHARS)));
  const targets = mappingTargets(attributes);
  return {
    ...refuse("NEEDS_MAPPING", `The columns of this file are not the template's (header on line ${sheet.header.line}): map each column to a template column to import it.`),
    foreign: {
      header: sheet.header.cells,
      headerLine: sheet.header.line,
      samples,
      targets: targets.map(({ id, header, required }) => ({ id, header, required })),
      suggestions: suggestMapping(sheet.header.cells, samples, targets),
    },
  };
}
