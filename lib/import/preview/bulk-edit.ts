import { z } from "zod";
import { isSecretColumn } from "../secret-columns";

const column = z.string().min(1).max(200);
const value = z.string().max(10_000);

/** The edits the preview applies to many rows at once, each checked again on the server in one call. */
export const bulkEditSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("remove") }),
  z.object({ kind: z.literal("set"), column, value }),
  z.object({ kind: z.literal("replace"), column, find: z.string().min(1).max(10_000), replace: value }),
  z.object({ kind: z.literal("fill-down"), column }),
]);
export type BulkEdit = z.infer<typeof bulkEditSchema>;

/** A row as a bulk edit sees it: its line and its cells (the view's order matters for fill down). */
export type EditableRow = { line: number; cells: Record<string, string> };

/** What a bulk edit does to the rows: cells changed per line, and lines removed. */
export type EditPlan = { cells: Map<number, Record<string, string>>; removed: number[] };

/** Find and replace matches a cell that contains the text (as typed, letter case included). */
export const cellMatches = (cell: string | undefined, find: string) => cell !== undefined && find !== "" && cell.includes(find);

/** Why an edit cannot run on these columns, or null. Password cells are masked: their text is not there to find. */
export function refuseBulkEdit(edit: BulkEdit, header: string[]): string | null {
  if (edit.kind === "remove") return null;
  if (!header.some((h) => h.trim() === edit.column)) return `The file has no column "${edit.column}".`;
  if ((edit.kind === "replace" || edit.kind === "fill-down") && isSecretColumn(edit.column)) return `${edit.column} holds passwords, which are masked: set the value instead.`;
  return null;
}

/**
 * The cells each row gets. Fill down copies the first row's cell (in the view's order, as a
 * spreadsheet's Ctrl+D copies the top cell of the selection) into the others.
 */
export function planBulkEdit(edit: BulkEdit, rows: EditableRow[]): EditPlan {
  const plan: EditPlan = { cells: new Map(), removed: [] };
  if (edit.kind === "remove") return { ...plan, removed: rows.map((r) => r.line) };
  const top = rows[0]?.cells[edit.column] ?? "";
  for (const row of rows) {
    const old = row.cells[edit.column] ?? "";
    const next =
      edit.kind === "set" ? edit.value : edit.kind === "replace" ? (cellMatches(old, edit.find) ? old.replaceAll(edit.find, edit.replace) : old) : top;
    if (next !== old) plan.cells.set(row.line, { [edit.column]: next });
  }
  return plan;
}

const fmt = (n: number) => n.toLocaleString("en-US");
const rows = (n: number) => `${fmt(n)} row${n === 1 ? "" : "s"}`;

/** The undo button's label: what the edit did. */
export function describeBulkEdit(edit: BulkEdit, count: number): string {
  switch (edit.kind) {
    case "remove":
      return `remove ${rows(count)}`;
    case "set":
      return `set ${edit.column} on ${rows(count)}`;
    case "replace":
      return `replace in ${edit.column} on ${rows(count)}`;
    case "fill-down":
      return `fill down ${edit.column} on ${rows(count)}`;
  }
}

/**
 * Of the target rows: how many (edited), how many were invalid before, how many had a cell changed,
 * how many are valid now that were not (fixed), and how many are invalid after; plus rows elsewhere
 * whose checks changed with them (a duplicate's twin).
 */
export type FixCount = { edited: number; wereInvalid: number; changed: number; fixed: number; stillInvalid: number; removed: number; othersChanged: number };

/** "Fixed 812 of 1,000 rows; 188 still invalid": what the user reads after a bulk edit. */
export function describeFixCount({ edited, wereInvalid, changed, fixed, stillInvalid, removed, othersChanged }: FixCount): string {
  const parts =
    removed > 0
      ? [`Removed ${rows(removed)} from the import`]
      : changed === 0
        ? ["No cell changed"]
        : wereInvalid > 0
          ? [`Fixed ${fmt(fixed)} of ${rows(edited)}`, `${fmt(stillInvalid)} still invalid`]
          : [`Changed ${fmt(changed)} of ${rows(edited)}`, stillInvalid > 0 ? `${fmt(stillInvalid)} now invalid` : "all valid"];
  if (othersChanged > 0) parts.push(`${rows(othersChanged)} elsewhere checked again`);
  return `${parts.join("; ")}.`;
}
