import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { importRows, type Import, type Organization } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { RowResult } from "@/lib/import/command";
import { checkAgainstDatabase } from "@/lib/import/validate/lookup";
import { stagedVersions } from "./before-images";
import { checkFingerprint } from "./check-fingerprint";
import { importContextFor } from "./context";
import { databaseLookup } from "./lookup";
import { revalidateStaged } from "./revalidate";
import { checkedRow, committedRow } from "./stored-check";

/** What a commit writes: the rows still pending, checked as of now, and what it knows of them. */
export type RowsToCommit = {
  /** Pending rows not removed; `change` null when a check fails now (or failed when staged). */
  todo: RowResult[];
  /** Lines invalid when staged (skipped, not failed). */
  invalidAtStaging: Set<number>;
  /** By line: the device version each update or delete was previewed against. */
  expectedVersions: Map<number, number>;
  /** Whether every cell was checked again (the context changed since staging, or rows without a stored check). */
  recheckedCells: boolean;
  /** The last line this page holds; null when no row is left after it. */
  lastLine: number | null;
};

/** Rows per page of a paged commit: what the worker holds in memory at a time. */
export const COMMIT_PAGE = 5000;

type CommitRowsArgs = { db: DbOrTx; staged: Import; organization: Organization; isPlatformAdmin: boolean; secrets: SecretBox };

/** A page of pending rows as stored, and what they are checked against. */
export type PendingRows = Awaited<ReturnType<typeof readPendingRows>>;

/**
 * The rows a commit writes, a page at a time (`after`: rows after that line, up to COMMIT_PAGE; all
 * rows when left out). Reading a page only reads import_rows, so the commit reads the next page
 * while it writes this one; checking it waits for the pages before (checkPendingRows).
 */
export async function readPendingRows({ db, staged, organization, isPlatformAdmin, after, pageRows = COMMIT_PAGE }: Omit<CommitRowsArgs, "secrets"> & { after?: number; pageRows?: number }) {
  const context = await importContextFor({ db, organization, productId: staged.productId, isPlatformAdmin });
  const stillChecked = staged.checkFingerprint !== null && staged.checkFingerprint === checkFingerprint(context);
  // Checking cells again needs every row at once (duplicates across rows): no pages then.
  const paged = after !== undefined && stillChecked;
  const pending = and(eq(importRows.importId, staged.id), eq(importRows.outcome, "pending"), eq(importRows.removed, false), paged ? gt(importRows.line, after) : undefined);
  const rows = await db
    .select({
      line: importRows.line,
      operation: importRows.operation,
      deviceKey: importRows.deviceKey,
      invalid: sql<boolean>`jsonb_array_length(${importRows.errors}) > 0`,
      checked: importRows.checked,
      sealedChange: importRows.sealedChange,
      version: sql<number | null>`(${importRows.beforeImage} ->> 'version')::int`,
    })
    .from(importRows)
    .where(pending)
    .orderBy(asc(importRows.line))
    .limit(paged ? pageRows : Number.MAX_SAFE_INTEGER);
  return { rows, context, stillChecked, paged, after, pageRows, lastLine: paged && rows.length === pageRows ? rows.at(-1)!.line : null };
}

/**
 * A page checked as of now. A row's cells cannot have changed since they were last checked (every
 * edit checks its rows again and stores the result), so while the import's context is the one it
 * was checked against, each valid row's stored change is taken as it is, and only what the database
 * may have changed meanwhile is checked again: keys taken or gone, ICCIDs, external ids, parents,
 * products and caps (checkAgainstDatabase). Each page is checked once the pages before are written,
 * so their devices count toward the caps and serve as parents, as the staging's check of the whole
 * file had them. Otherwise (the context changed, rows staged before stored checks) every row is
 * checked again, all at once.
 */
export async function checkPendingRows(page: PendingRows, { db, staged, organization, isPlatformAdmin, secrets }: CommitRowsArgs): Promise<RowsToCommit> {
  const { rows, context, stillChecked, paged, lastLine } = page;
  const invalidAtStaging = new Set(rows.filter((r) => r.invalid).map((r) => r.line));
  const expectedVersions = stagedVersions(rows.map((r) => ({ line: r.line, operation: r.operation, beforeImage: r.version === null ? null : { version: r.version } })));
  if (stillChecked && rows.every((r) => r.invalid || r.checked !== null)) {
    const todo = rows.filter((r) => !r.invalid).map((r) => checkedRow({ ...r, checked: r.checked! }, secrets));
    await checkAgainstDatabase(todo, context, databaseLookup(db, organization.id));
    const invalid = rows.filter((r) => r.invalid).map((r) => committedRow(r.line, r.operation, r.deviceKey, null));
    return { todo: [...todo, ...invalid].sort((a, b) => a.line - b.line), invalidAtStaging, expectedVersions, recheckedCells: false, lastLine };
  }
  // A page of rows staged before stored checks existed: the rest of the import is checked in full.
  if (paged) return rowsToCommit({ db, staged: { ...staged, checkFingerprint: null }, organization, isPlatformAdmin, secrets, after: page.after, pageRows: page.pageRows });
  const { validated } = await revalidateStaged({ db, staged, organization, isPlatformAdmin, secrets });
  const open = new Set(rows.map((r) => r.line));
  return { todo: validated.rows.filter((r) => open.has(r.line)), invalidAtStaging, expectedVersions, recheckedCells: true, lastLine: null };
}

/** A page read and checked (readPendingRows, then checkPendingRows). */
export async function rowsToCommit(args: CommitRowsArgs & { after?: number; pageRows?: number }): Promise<RowsToCommit> {
  return checkPendingRows(await readPendingRows(args), args);
}
