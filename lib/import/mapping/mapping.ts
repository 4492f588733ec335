import { z } from "zod";
import { normalizeHeader } from "../dialects/columns";
import { refuse, type FileRefusal, type Result } from "../refusal";
import type { Sheet } from "../read/sheet";
import { MAX_COLUMN_NAME, MAX_MAPPED_COLUMNS } from "./limits";
import type { MappingTarget } from "./targets";

/**
 * What the user chose: for each column of the file's header, the template column it fills, or
 * null to leave it out. The header travels with it so that a file changed in between is caught.
 */
export const columnMappingSchema = z.object({
  header: z.array(z.string().max(MAX_COLUMN_NAME)).max(MAX_MAPPED_COLUMNS),
  targets: z.array(z.string().max(100).nullable()).max(MAX_MAPPED_COLUMNS),
});
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** A mapping as remembered for a product: by the file column's normalized name. */
export type RememberedMapping = Record<string, string | null>;

/** The file's columns as a set (order does not matter): the same export reordered maps the same. */
export const headerSignature = (header: string[]) =>
  [...new Set(header.map(normalizeHeader).filter((h) => h !== ""))].sort().join("\u001f");

export const rememberedFrom = (mapping: ColumnMapping): RememberedMapping =>
  Object.fromEntries(mapping.header.map((h, i) => [normalizeHeader(h), mapping.targets[i] ?? null]).filter(([h]) => h !== ""));

/** A remembered mapping laid over this file's header; null when it does not name every column. */
export function recall(header: string[], remembered: RememberedMapping, targets: MappingTarget[]): ColumnMapping | null {
  const known = new Set(targets.map((t) => t.id));
  const chosen: (string | null)[] = [];
  for (const h of header) {
    const key = normalizeHeader(h);
    if (key === "") chosen.push(null);
    else if (!(key in remembered)) return null;
    else {
      const target = remembered[key] ?? null;
      // A target the model no longer has is left out rather than guessed.
      chosen.push(target !== null && known.has(target) ? target : null);
    }
  }
  return { header, targets: chosen };
}

/** What is wrong with a mapping, in words: a target taken twice, a required column left out. */
export function mappingProblems(mapping: ColumnMapping, targets: Pick<MappingTarget, "id" | "header" | "required">[]): string[] {
  const problems: string[] = [];
  const byId = new Map(targets.map((t) => [t.id, t]));
  const used = new Map<string, string>();
  mapping.targets.forEach((id, index) => {
    if (id === null) return;
    const source = mapping.header[index]?.trim() || `column ${index + 1}`;
    const target = byId.get(id);
    if (!target) problems.push(`"${source}" is mapped to a column the template does not have.`);
    else if (used.has(id)) problems.push(`"${used.get(id)}" and "${source}" are both mapped to ${target.header}: pick one.`);
    else used.set(id, source);
  });
  const missing = targets.filter((t) => t.required && !used.has(t.id));
  if (missing.length > 0) problems.push(`Map a column to ${missing.map((t) => t.header).join(", ")}: ${missing.length > 1 ? "they are" : "it is"} required.`);
  return problems;
}

/**
 * The sheet as if it were the product template: the mapped columns under the template's headers,
 * in template order; left-out columns dropped. Rows keep their lines and what reading found.
 */
export function applyMapping(sheet: Sheet, mapping: ColumnMapping, targets: MappingTarget[]): Result<Sheet, FileRefusal> {
  const header = sheet.header.cells;
  const same = header.length === mapping.header.length && header.every((h, i) => h.trim() === mapping.header[i]!.trim());
  if (!same || mapping.targets.length !== header.length) {
    return { ok: false, error: refuse("BAD_HEADER", "The file's columns are not the ones that were mapped (was it changed?). Upload it again and map its columns.") };
  }
  const problems = mappingProblems(mapping, targets);
  if (problems.length > 0) return { ok: false, error: refuse("BAD_HEADER", problems.join(" ")) };
  const sourceOf = new Map(mapping.targets.map((id, index) => [id, index]));
  const kept = targets.filter((t) => sourceOf.has(t.id));
  const pick = (cells: string[]) => kept.map((t) => cells[sourceOf.get(t.id)!] ?? "");
  const position = new Map(kept.map((t, i) => [sourceOf.get(t.id)!, i]));
  // What reading found in a cell names the column the user mapped, under its template name now.
  const renamed = new Map(kept.map((t) => [header[sourceOf.get(t.id)!]!.trim(), t.header]));
  return {
    ok: true,
    value: {
      ...sheet,
      // Not our template: its document properties must not decide the product.
      properties: undefined,
      header: { ...sheet.header, cells: kept.map((t) => t.header) },
      rows: sheet.rows.map((row) => {
        const conversions = row.conversions?.flatMap((c) => (position.has(c.index) ? [{ ...c, index: position.get(c.index)! }] : []));
        const issues = row.issues?.map((i) => (i.column !== null && renamed.has(i.column) ? { ...i, column: renamed.get(i.column)! } : i));
        return { ...row, cells: pick(row.cells), ...(issues ? { issues } : {}), ...(conversions ? { conversions } : {}) };
      }),
    },
  };
}
