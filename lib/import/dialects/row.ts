import type { z } from "zod";
import type { DeviceChange, Operation, RowResult } from "../command";
import type { Conversion } from "../conversion";
import { issue, type RowIssue } from "../issue";
import { parseCells } from "../validate/cell-object";

/** Trimmed cell text, or undefined when blank: "not given". */
export const given = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/**
 * The one way every dialect turns a row into a RowResult: required columns first, then the
 * dialect's zod schema over the given cells, then its own cross-field rules.
 */
export function buildRow<S extends z.ZodType>(options: {
  line: number;
  operation: Operation;
  cells: Record<string, string>;
  input: Record<string, unknown>;
  schema: S;
  /** Columns that must be given for this operation, with what the row has in them. */
  required: { column: string; value: unknown }[];
  columns: RowResult["columns"];
  extraErrors?: RowIssue[];
  warnings?: RowIssue[];
  conversions?: Conversion[];
  finish: (data: z.infer<S>) => DeviceChange;
}): RowResult {
  const errors: RowIssue[] = [...(options.extraErrors ?? [])];
  for (const { column, value } of options.required) {
    if (value === undefined) errors.push(issue(column, "REQUIRED", `${column} is required`));
  }
  const parsed = parseCells(options.schema, options.input);
  if (!parsed.success) errors.push(...parsed.issues);
  const keyInput = options.input["deviceKey"];
  const change = errors.length === 0 && parsed.success ? options.finish(parsed.data) : null;
  return {
    line: options.line,
    operation: options.operation,
    cells: options.cells,
    change,
    deviceKey: change?.deviceKey ?? (typeof keyInput === "string" ? keyInput : null),
    errors,
    warnings: options.warnings ?? [],
    conversions: options.conversions ?? [],
    columns: options.columns,
  };
}
