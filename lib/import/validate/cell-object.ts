import { z } from "zod";
import type { RowIssue } from "../issue";
import type { Check } from "./fields";
import { cellCheckOf, toRowIssues } from "./zod-cell";

/**
 * A row's zod object of `cell` fields, run without zod. Every row of a file goes through its dialect's
 * schema, and zod's object machinery cost more than the checks themselves (a third of validation).
 * The plan is read from the schema, so the schema stays the one description of a row; any schema it
 * cannot mirror exactly (refinements, records, catchalls, …) has no plan, and any input outside the
 * plain shape (a value that is not a string, a missing nested object, …) goes to zod itself.
 */
type Field = { key: string; optional: boolean; check: Check<unknown>; column: string } | { key: string; nested: Field[] };

const plans = new WeakMap<z.ZodType, Field[] | null>();

function planOf(schema: z.ZodType): Field[] | null {
  if (!(schema instanceof z.ZodObject)) return null;
  const def = schema._zod.def;
  if (def.catchall !== undefined || (def.checks?.length ?? 0) > 0) return null;
  const fields: Field[] = [];
  for (const [key, value] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (key === "__proto__") return null;
    const optional = value instanceof z.ZodOptional && (value._zod.def.checks?.length ?? 0) === 0;
    const inner = optional ? ((value as z.ZodOptional).unwrap() as z.ZodType) : value;
    const found = cellCheckOf(inner);
    if (found) {
      fields.push({ key, optional, check: found.check, column: found.column });
      continue;
    }
    const nested = optional ? null : planOf(inner);
    if (!nested) return null;
    fields.push({ key, nested });
  }
  return fields;
}

const FALLBACK = Symbol("fallback");
const isPlain = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/** zod's object semantics: an optional key absent stays absent, one present as undefined stays undefined. */
function run(fields: Field[], input: Record<string, unknown>, issues: RowIssue[]): Record<string, unknown> | typeof FALLBACK {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = input[field.key];
    if ("nested" in field) {
      if (!isPlain(value)) return FALLBACK;
      const nested = run(field.nested, value, issues);
      if (nested === FALLBACK) return FALLBACK;
      out[field.key] = nested;
      continue;
    }
    if (typeof value === "string") {
      const result = field.check(value, field.column);
      if ("issue" in result) issues.push({ column: field.column, code: result.issue.code, message: result.issue.message });
      else out[field.key] = result.value;
    } else if (value === undefined && field.optional) {
      if (field.key in input) out[field.key] = undefined;
    } else return FALLBACK;
  }
  return out;
}

export type CellsResult<T> = { success: true; data: T } | { success: false; issues: RowIssue[] };

/** What `schema.safeParse(input)` and `toRowIssues` come to, without zod wherever that is provably the same. */
export function parseCells<S extends z.ZodType>(schema: S, input: unknown): CellsResult<z.infer<S>> {
  let fields = plans.get(schema);
  if (fields === undefined) {
    fields = planOf(schema);
    plans.set(schema, fields);
  }
  if (fields && isPlain(input)) {
    const issues: RowIssue[] = [];
    const data = run(fields, input, issues);
    if (data !== FALLBACK) return issues.length > 0 ? { success: false, issues } : { success: true, data: data as z.infer<S> };
  }
  const parsed = schema.safeParse(input);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: toRowIssues(parsed.error) };
}
