import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { importUndo, imports, type Import, type Organization, type UndoRow } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { describeBulkEdit, describeFixCount, planBulkEdit, refuseBulkEdit, type BulkEdit, type EditPlan, type FixCount } from "@/lib/import/preview/bulk-edit";
import { defaultRowView, type RowTarget, type RowView } from "@/lib/import/preview/row-view";
import { rowsParam } from "./bulk-sql";
import type { CellEdit } from "./revalidate";
import { rewriteStaged } from "./rewrite-staged";
import { listTargetRows } from "./row-window";

type EditScope = { db: Db; importId: string; organization: Organization; isPlatformAdmin: boolean; secrets: SecretBox };
export type EditOutcome = { ok: true; changedLines: number[]; fix: FixCount; message: string; undo: string | null } | { ok: false; error: string };

export const REMOVED_MESSAGE = "Removed by user";

/** The staged import, locked for this transaction: edits (and the confirm's claim) of one import queue up. */
async function lockStaged(tx: DbOrTx, importId: string, organizationId: string): Promise<Import | string> {
  const [staged] = await tx.select().from(imports).where(and(eq(imports.id, importId), eq(imports.organizationId, organizationId))).for("update");
  if (!staged) return "Import not found.";
  if (staged.status !== "validated") return "This import has been confirmed; its rows can no longer be edited.";
  return staged;
}

/** Removes rows, or brings them back: a removed row is kept, skipped, so that the counts still add up. */
async function setRemoved(tx: DbOrTx, importId: string, rows: { line: number; removed: boolean }[]) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    UPDATE import_rows AS r
    SET removed = v.removed, outcome = (CASE WHEN v.removed THEN 'skipped' ELSE 'pending' END)::row_outcome,
      outcome_message = CASE WHEN v.removed THEN ${REMOVED_MESSAGE} ELSE NULL END
    FROM jsonb_to_recordset(${rowsParam(rows)}) AS v(line int, removed boolean)
    WHERE r.import_id = ${importId} AND r.line = v.line`);
}

/** An edit's rows as they were, kept as the one undo of the import (a new edit replaces it). */
async function keepUndo(tx: DbOrTx, importId: string, label: string, lines: number[]) {
  if (lines.length === 0) return;
  await tx.execute(sql`
    INSERT INTO import_undo (import_id, label, rows)
    SELECT ${importId}, ${label}, coalesce(jsonb_agg(jsonb_build_object('line', line, 'cells', cells, 'sealedCells', sealed_cells, 'removed', removed, 'errors', errors)), '[]')
    FROM import_rows WHERE import_id = ${importId} AND line = any(${`{${lines.join(",")}}`}::int[])
    ON CONFLICT (import_id) DO UPDATE SET label = EXCLUDED.label, rows = EXCLUDED.rows, created_at = now()`);
}

/**
 * Applies a plan (cells by line, lines removed) to a staged import and checks it again in one
 * transaction; the counts say how many of the target rows were invalid before and are valid now.
 */
async function applyPlan(scope: EditScope, target: (tx: DbOrTx) => Promise<{ lines: { line: number; invalid: boolean; deviceKey: string | null }[]; plan: EditPlan } | string>, label: (count: number) => string): Promise<EditOutcome> {
  const { db, importId, organization, isPlatformAdmin, secrets } = scope;
  return db.transaction(async (tx) => {
    const staged = await lockStaged(tx, importId, organization.id);
    if (typeof staged === "string") return { ok: false as const, error: staged };
    const planned = await target(tx);
    if (typeof planned === "string") return { ok: false as const, error: planned };
    const { lines, plan } = planned;
    const touched = [...plan.cells.keys(), ...plan.removed];
    await keepUndo(tx, importId, label(lines.length), touched);
    await setRemoved(tx, importId, plan.removed.map((line) => ({ line, removed: true })));
    const touchedSet = new Set(touched);
    const keysBefore = lines.filter((l) => touchedSet.has(l.line)).map((l) => l.deviceKey);
    const { after, changedLines } = await rewriteStaged({ db: tx, staged, organization, isPlatformAdmin, edits: plan.cells, touched, keysBefore, secrets });
    const removedSet = new Set(plan.removed);
    const targeted = new Set(lines.map((l) => l.line));
    const kept = lines.filter((l) => !removedSet.has(l.line));
    // A target row the edit left as it was (it already held the value) was not checked again.
    const invalidNow = (l: { line: number; invalid: boolean }) => { const row = after.get(l.line); return row ? row.errors.length > 0 : l.invalid; };
    const fix: FixCount = {
      edited: kept.length,
      wereInvalid: kept.filter((l) => l.invalid).length,
      changed: plan.cells.size,
      fixed: kept.filter((l) => l.invalid && !invalidNow(l)).length,
      stillInvalid: kept.filter(invalidNow).length,
      removed: plan.removed.length,
      othersChanged: changedLines.filter((l) => !targeted.has(l)).length,
    };
    return { ok: true as const, changedLines: [...new Set([...changedLines, ...plan.removed])].sort((a, b) => a - b), fix, message: describeFixCount(fix), undo: touched.length ? label(lines.length) : null };
  });
}

/** Changes one cell of a staged import and validates the rows again, on the server. */
export async function editStagedCell({ edit, ...scope }: EditScope & { edit: CellEdit }): Promise<EditOutcome> {
  if (edit.value.length > 10_000) return { ok: false, error: "The value is too long." };
  return applyPlan(
    scope,
    async (tx) => {
      const [row] = await listTargetRows({ db: tx, importId: scope.importId, target: { lines: [edit.line] }, order: defaultRowView });
      const refusal = await columnRefusal(tx, scope.importId, { kind: "set", column: edit.column, value: edit.value });
      if (refusal) return refusal;
      if (!row) return `The import has no row on line ${edit.line}.`;
      return { lines: [row], plan: { cells: new Map([[edit.line, { [edit.column]: edit.value }]]), removed: [] } };
    },
    () => `edit of ${edit.column} on line ${edit.line}`,
  );
}

async function columnRefusal(tx: DbOrTx, importId: string, edit: BulkEdit) {
  const [found] = await tx.select({ header: imports.header }).from(imports).where(eq(imports.id, importId));
  return refuseBulkEdit(edit, found?.header ?? []);
}

/**
 * One bulk edit (remove, set, find and replace, fill down) over the selected rows or every row of a
 * view, checked again in the same call; it can be undone once.
 */
export async function applyBulkEdit({ edit, target, order = defaultRowView, ...scope }: EditScope & { edit: BulkEdit; target: RowTarget; order?: RowView }): Promise<EditOutcome> {
  return applyPlan(
    scope,
    async (tx) => {
      const refusal = await columnRefusal(tx, scope.importId, edit);
      if (refusal) return refusal;
      const rows = await listTargetRows({ db: tx, importId: scope.importId, target, order });
      if (rows.length === 0) return "No row is selected.";
      return { lines: rows, plan: planBulkEdit(edit, rows) };
    },
    (count) => describeBulkEdit(edit, count),
  );
}

/** Takes the last edit back: its rows get their cells (and their place in the import) again, and are checked again. */
export async function undoStagedEdit(scope: EditScope): Promise<EditOutcome> {
  const { db, importId, organization, isPlatformAdmin, secrets } = scope;
  return db.transaction(async (tx) => {
    const staged = await lockStaged(tx, importId, organization.id);
    if (typeof staged === "string") return { ok: false as const, error: staged };
    const [undo] = await tx.delete(importUndo).where(eq(importUndo.importId, importId)).returning();
    if (!undo) return { ok: false as const, error: "There is no edit to undo." };
    const touched = undo.rows.map((r) => r.line);
    const keysBefore = (await listTargetRows({ db: tx, importId, target: { lines: touched }, order: defaultRowView, withRemoved: true })).map((r) => r.deviceKey);
    await restoreRows(tx, importId, undo.rows);
    await setRemoved(tx, importId, undo.rows.map((r) => ({ line: r.line, removed: r.removed })));
    const { after, changedLines } = await rewriteStaged({ db: tx, staged, organization, isPlatformAdmin, edits: new Map(), touched, keysBefore, secrets });
    const restored = undo.rows.filter((r) => !r.removed);
    const fix: FixCount = { edited: restored.length, wereInvalid: 0, changed: restored.length, fixed: 0, stillInvalid: restored.filter((r) => (after.get(r.line)?.errors.length ?? 0) > 0).length, removed: 0, othersChanged: 0 };
    const lines = [...new Set([...changedLines, ...undo.rows.map((r) => r.line)])].sort((a, b) => a - b);
    return { ok: true as const, changedLines: lines, fix, message: `Undone: ${undo.label}.`, undo: null };
  });
}

/** The undo's rows put back as they were (errors included: what reading found stays with its row). */
async function restoreRows(tx: DbOrTx, importId: string, rows: UndoRow[]) {
  await tx.execute(sql`
    UPDATE import_rows AS r SET cells = v.cells, sealed_cells = v."sealedCells", errors = v.errors
    FROM jsonb_to_recordset(${rowsParam(rows)}) AS v(line int, cells jsonb, "sealedCells" text, errors jsonb)
    WHERE r.import_id = ${importId} AND r.line = v.line`);
}

/** The label of the edit that can be undone, if any. */
export async function findUndo({ db, importId }: { db: DbOrTx; importId: string }) {
  const [undo] = await db.select({ label: importUndo.label }).from(importUndo).where(eq(importUndo.importId, importId));
  return undo?.label ?? null;
}
