import { and, asc, eq, sql } from "drizzle-orm";
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
import { checkedRow } from "./stored-check";

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
};

/**
 * The rows a commit writes. A row's cells cannot have changed since they were last checked (every
 * edit checks its rows again and stores the result), so while the import's context is the one it
 * was checked against, each valid row's stored change is taken as it is, and only what the
 * database may have changed meanwhile is checked again: keys taken or gone, ICCIDs, external ids,
 * parents, products and caps (checkAgainstDatabase). Otherwise every row is checked again.
 */
export async function rowsToCommit({ db, staged, organization, isPlatformAdmin, secrets }: { db: DbOrTx; staged: Import; organization: Organization; isPlatformAdmin: boolean; secrets: SecretBox }): Promise<RowsToCommit> {
  const context = await importContextFor({ db, organization, productId: staged.productId, isPlatformAdmin });
  const pending = and(eq(importRows.importId, staged.id), eq(importRows.outcome, "pending"), eq(importRows.removed, false));
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
    .orderBy(asc(importRows.line));
  const invalidAtStaging = new Set(rows.filter((r) => r.invalid).map((r) => r.line));
  const expectedVersions = stagedVersions(rows.map((r) => ({ line: r.line, operation: r.operation, beforeImage: r.version === null ? null : { version: r.version } })));
  const stillChecked = staged.checkFingerprint !== null && staged.checkFingerprint === checkFingerprint(context);
  if (stillChecked && rows.every((r) => r.invalid || r.checked !== null)) {
    const todo = rows.filter((r) => !r.invalid).map((r) => checkedRow({ ...r, checked: r.checked! }, secrets));
    await checkAgainstDatabase(todo, context, databaseLookup(db, organization.id));
    const invalid = rows.filter((r) => r.invalid).map((r): RowResult => ({ line: r.line, operation: r.operation, deviceKey: r.deviceKey, cells: {}, change: null, errors: [], warnings: [], conversions: [], columns: {} }));
    return { todo: [...todo, ...invalid].sort((a, b) => a.line - b.line), invalidAtStaging, expectedVersions, recheckedCells: false };
  }
  const { validated } = await revalidateStaged({ db, staged, organization, isPlatformAdmin, secrets });
  const open = new Set(rows.map((r) => r.line));
  return { todo: validated.rows.filter((r) => open.has(r.line)), invalidAtStaging, expectedVersions, recheckedCells: true };
}
