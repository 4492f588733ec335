import { z } from "zod";

/** Which staged rows the preview shows, and in what order: the grid, its counts and bulk edits share it. */
export const rowFilters = ["all", "invalid", "valid", "warnings"] as const;
export const rowSorts = ["invalid-first", "line"] as const;

export const rowViewSchema = z.object({
  filter: z.enum(rowFilters).default("all"),
  /** Text searched for in every cell of the row (case-insensitive). */
  q: z.string().max(200).default(""),
  sort: z.enum(rowSorts).default("invalid-first"),
});
export type RowView = z.infer<typeof rowViewSchema>;
export type RowFilter = RowView["filter"];

export const defaultRowView: RowView = { filter: "all", q: "", sort: "invalid-first" };

/** The preview's window size: what one request returns. */
export const WINDOW = 200;
export const MAX_WINDOW = 1000;

/** The rows a bulk edit applies to: lines the user picked, or every row of a view ("select all invalid"). */
export const rowTargetSchema = z.union([
  z.object({ lines: z.array(z.number().int().positive()).min(1).max(100_000) }),
  z.object({ view: rowViewSchema }),
]);
export type RowTarget = z.infer<typeof rowTargetSchema>;
