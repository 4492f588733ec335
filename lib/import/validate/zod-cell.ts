import { z } from "zod";
import type { IssueCode, RowIssue } from "../issue";
import type { Check } from "./fields";

/** Each `cell` schema's check and column, so that cell-object.ts can run an object of cells without zod. */
const cellChecks = new WeakMap<z.ZodType, { check: Check<unknown>; column: string }>();

/** A zod field for one cell: runs a check, reports its issue with our code and the column. */
export const cell = <T>(check: Check<T>, column: string) => {
  const schema = z.string().transform((value, ctx): T => {
    const result = check(value, column);
    if ("issue" in result) {
      ctx.addIssue({ code: "custom", message: result.issue.message, params: { code: result.issue.code, column } });
      return z.NEVER;
    }
    return result.value;
  });
  cellChecks.set(schema, { check, column });
  return schema;
};

/** The check behind a schema made by `cell` (the same instance, not a copy refined further); undefined otherwise. */
export const cellCheckOf = (schema: z.ZodType) => cellChecks.get(schema);

/** zod issues as row issues: the code and column travel in `params` (see `cell`). */
export function toRowIssues(error: z.ZodError): RowIssue[] {
  return error.issues.map((i) => {
    const params = (i as { params?: { code?: IssueCode; column?: string } }).params;
    return { column: params?.column ?? null, code: params?.code ?? "INVALID_VALUE", message: i.message };
  });
}
