import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { importRows } from "@/db/schema";
import type { RowIssue } from "@/lib/import/issue";
import type { RowTarget, RowView } from "@/lib/import/preview/row-view";
import { importRowColumns } from "./queries";

/** The same expression as the preview index (import_rows_preview_idx), so the planner uses it. */
const invalid = sql`(jsonb_array_length(${importRows.errors}) > 0)`;
const warned = sql`(jsonb_array_length(${importRows.warnings}) > 0)`;

/** LIKE's wildcards typed by the user are searched as text. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The WHERE of a view: the import's rows the user has not removed, then the filter and the search. */
export function rowViewWhere(importId: string, view: Pick<RowView, "filter" | "q">): SQL {
  const q = view.q.trim();
  return and(
    eq(importRows.importId, importId),
    eq(importRows.removed, false),
    view.filter === "invalid" ? invalid : view.filter === "valid" ? sql`not ${invalid}` : view.filter === "warnings" ? warned : undefined,
    // The cells as JSON text: keys are column names, so a search for a header word matches every row; values are what people search.
    q ? sql`exists (select 1 from jsonb_each_text(${importRows.cells}) as c(k, v) where c.v ilike ${likePattern(q)})` : undefined,
  )!;
}

/** Lines as one array parameter: a selection of thousands of rows is still one bound value. */
const inLines = (lines: number[]) => sql`${importRows.line} = any(${`{${lines.join(",")}}`}::int[])`;
const targetWhere = (importId: string, target: RowTarget, withRemoved = false) =>
  "lines" in target ? and(eq(importRows.importId, importId), withRemoved ? undefined : eq(importRows.removed, false), inLines(target.lines))! : rowViewWhere(importId, target.view);

export const rowViewOrder = (view: Pick<RowView, "sort">) => (view.sort === "line" ? [asc(importRows.line)] : [desc(invalid), asc(importRows.line)]);

/** One window of a view: `limit` rows from `offset` in the view's order, and how many rows the view has. */
export async function listImportRowWindow({ db, importId, view, offset, limit }: { db: DbOrTx; importId: string; view: RowView; offset: number; limit: number }) {
  const where = rowViewWhere(importId, view);
  const [rows, [total]] = await Promise.all([
    db.select(importRowColumns).from(importRows).where(where).orderBy(...rowViewOrder(view)).limit(limit).offset(offset),
    db.select({ value: count() }).from(importRows).where(where),
  ]);
  return { offset, total: total?.value ?? 0, rows };
}
export type RowWindow = Awaited<ReturnType<typeof listImportRowWindow>>;
export type PreviewRow = RowWindow["rows"][number];

/** Rows by line (what a cell edit changed), in the shape of a window's rows. */
export async function listImportRowsByLine({ db, importId, lines }: { db: DbOrTx; importId: string; lines: number[] }) {
  if (lines.length === 0) return [];
  return db
    .select(importRowColumns)
    .from(importRows)
    .where(and(eq(importRows.importId, importId), inLines(lines)))
    .orderBy(asc(importRows.line));
}

/** Where a line is in a view (its index), so the Errors panel can scroll the grid to it; null when the view hides it. */
export async function locateImportRow({ db, importId, view, line }: { db: DbOrTx; importId: string; view: RowView; line: number }): Promise<number | null> {
  const [target] = await db.select({ invalid: sql<boolean>`${invalid}` }).from(importRows).where(and(rowViewWhere(importId, view), eq(importRows.line, line)));
  if (!target) return null;
  const before =
    view.sort === "line"
      ? sql`${importRows.line} < ${line}`
      : target.invalid
        ? sql`(${invalid} and ${importRows.line} < ${line})`
        : sql`(${invalid} or ${importRows.line} < ${line})`;
  const [found] = await db.select({ value: count() }).from(importRows).where(and(rowViewWhere(importId, view), before));
  return found?.value ?? 0;
}

/**
 * The counts the tabs and the confirm panel show, in one pass over the import's rows: nothing of a
 * 100,000-row import is sent to the browser to count it.
 */
export async function summarizeImportRows({ db, importId }: { db: DbOrTx; importId: string }) {
  const n = (where: SQL) => sql<number>`count(*) filter (where ${where})::int`;
  const live = sql`not ${importRows.removed}`;
  const valid = sql`${live} and not ${invalid}`;
  const op = (o: string) => n(sql`${valid} and ${importRows.operation} = ${o}`);
  // What a valid row will do: its staged changes, or (rows staged before changes were kept) its operation (change-counts.tsx).
  const kind = sql`coalesce(${importRows.changes} ->> 'kind', case ${importRows.operation} when 'upsert_credentials' then 'create' else ${importRows.operation}::text end)`;
  const change = (k: string) => n(sql`${valid} and ${kind} = ${k}`);
  const [row] = await db
    .select({
      all: n(live),
      invalid: n(sql`${live} and ${invalid}`),
      valid: n(valid),
      warnings: n(sql`${live} and ${warned}`),
      warnedValid: n(sql`${valid} and ${warned}`),
      removed: n(sql`${importRows.removed}`),
      errorCount: sql<number>`coalesce(sum(jsonb_array_length(${importRows.errors})) filter (where ${live}), 0)::int`,
      warningCount: sql<number>`coalesce(sum(jsonb_array_length(${importRows.warnings})) filter (where ${live}), 0)::int`,
      // Rows valid in the preview that failed at commit (their code and sentence are the outcome's).
      failureCount: n(sql`${live} and ${importRows.outcome} = 'failed' and jsonb_array_length(${importRows.errors}) = 0`),
      creates: op("create"),
      updates: op("update"),
      deletes: op("delete"),
      upserts: op("upsert_credentials"),
      changeCreates: change("create"),
      changeUpdates: change("update"),
      changeNone: change("no_change"),
      changeDeletes: change("delete"),
      changeCredentials: change("credentials"),
    })
    .from(importRows)
    .where(eq(importRows.importId, importId));
  return row!;
}
export type RowSummary = Awaited<ReturnType<typeof summarizeImportRows>>;

export type ListedIssue = RowIssue & { line: number };
export const issueKinds = ["errors", "warnings", "failures"] as const;
export type IssueKind = (typeof issueKinds)[number];

/**
 * A page of the import's errors, warnings or failures at commit (rows valid in the preview that the
 * database refused, with their code) by line, for the Errors panel: it never loads them all.
 */
export async function listImportIssues({ db, importId, kind, offset, limit }: { db: DbOrTx; importId: string; kind: IssueKind; offset: number; limit: number }) {
  const result =
    kind === "failures"
      ? await db.execute(sql`
    select r.line, null as "column", coalesce(r.outcome_code, 'WRITE_FAILED') as code, coalesce(r.outcome_message, 'The row was not written') as message
    from ${importRows} r
    where r.import_id = ${importId} and not r.removed and r.outcome = 'failed' and jsonb_array_length(r.errors) = 0
    order by r.line
    limit ${limit} offset ${offset}`)
      : await db.execute(sql`
    select r.line, i.value ->> 'column' as "column", i.value ->> 'code' as code, i.value ->> 'message' as message
    from ${importRows} r, jsonb_array_elements(${sql`r.${sql.identifier(kind)}`}) with ordinality as i(value, n)
    where r.import_id = ${importId} and not r.removed and jsonb_array_length(${sql`r.${sql.identifier(kind)}`}) > 0
    order by r.line, i.n
    limit ${limit} offset ${offset}`);
  return (result as unknown as { rows: ListedIssue[] }).rows.map((r) => ({ ...r, line: Number(r.line) }));
}

/** Rows the confirm and result panels list by name (deletes, rows not applied), at most `limit` of each. */
export async function listNotableRows({ db, importId, limit = 500 }: { db: DbOrTx; importId: string; limit?: number }) {
  const live = and(eq(importRows.importId, importId), eq(importRows.removed, false));
  const [deletes, notApplied] = await Promise.all([
    db.select(importRowColumns).from(importRows).where(and(live, sql`${importRows.changes} ->> 'kind' = 'delete'`)).orderBy(asc(importRows.line)).limit(limit),
    db.select(importRowColumns).from(importRows).where(and(live, sql`${importRows.outcomeCode} is not null`)).orderBy(asc(importRows.line)).limit(limit),
  ]);
  return [...deletes, ...notApplied.filter((r) => !deletes.some((d) => d.line === r.line))];
}

/** The lines and cells a bulk edit targets, in the view's order (fill down copies the first one's cell). */
export async function listTargetRows({ db, importId, target, order, withRemoved }: { db: DbOrTx; importId: string; target: RowTarget; order: RowView; withRemoved?: boolean }) {
  return db
    .select({ line: importRows.line, cells: importRows.cells, deviceKey: importRows.deviceKey, invalid: sql<boolean>`${invalid}` })
    .from(importRows)
    .where(targetWhere(importId, target, withRemoved))
    .orderBy(...rowViewOrder("lines" in target ? order : target.view));
}

/** How many target rows have a cell in the column that contains the text: shown before a replace is applied. */
export async function countMatchingCells({ db, importId, target, column, find }: { db: DbOrTx; importId: string; target: RowTarget; column: string; find: string }) {
  const [found] = await db
    .select({ value: count() })
    .from(importRows)
    .where(and(targetWhere(importId, target), sql`strpos(${importRows.cells} ->> ${column}, ${find}) > 0`));
  return found?.value ?? 0;
}
