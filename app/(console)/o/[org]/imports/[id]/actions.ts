"use server";

import { z } from "zod";
import type { ActionResult } from "@/app/_lib/action-result";
import { authorizeAction } from "@/app/_lib/org-action";
import { getSecretBox } from "@/app/_lib/secrets";
import { setAllOrNothing } from "@/lib/imports/commit";
import { cancelImportRun } from "@/lib/imports/claim-guard";
import { importQueueFor, queueImport } from "@/lib/jobs/import-queue";
import { takeRateLimit } from "@/lib/rate-limit/take";
import { applyBulkEdit, editStagedCell, undoStagedEdit, type EditOutcome } from "@/lib/imports/edit";
import { getImport } from "@/lib/imports/queries";
import { countMatchingCells, listImportRowWindow, listImportRowsByLine, summarizeImportRows, type RowSummary, type RowWindow } from "@/lib/imports/row-window";
import { bulkEditSchema } from "@/lib/import/preview/bulk-edit";
import { MAX_WINDOW, rowTargetSchema, rowViewSchema, type RowView } from "@/lib/import/preview/row-view";
import { discardImport } from "@/lib/imports/discard";
import { rollbackImport } from "@/lib/imports/rollback";

const editSchema = z.object({
  importId: z.uuid(),
  line: z.number().int().positive(),
  column: z.string().min(1).max(200),
  value: z.string().max(10_000),
});
/** The rows the grid shows after the edit, sent back with it (one round trip from the click to the grid updated). */
const windowSchema = z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(MAX_WINDOW) });
const bulkSchema = z.object({ importId: z.uuid(), edit: bulkEditSchema, target: rowTargetSchema, order: rowViewSchema, window: windowSchema.optional() });
const undoSchema = z.object({ importId: z.uuid(), order: rowViewSchema, window: windowSchema.optional() });
const matchSchema = z.object({ importId: z.uuid(), target: rowTargetSchema, column: z.string().min(1).max(200), find: z.string().min(1).max(10_000) });

/** What the preview needs after any edit: the rows it changed, the new counts, what was done, and what can be undone. */
export type EditResult = { rows: RowWindow["rows"]; changedLines: number[]; summary: RowSummary; message: string; undo: string | null; window: RowWindow | null };

type Auth = Extract<Awaited<ReturnType<typeof authorizeAction>>, { ok: true }>;
const scopeOf = (auth: Auth, importId: string) => ({ db: auth.db, importId, organization: auth.organization, isPlatformAdmin: auth.user.isPlatformAdmin, secrets: getSecretBox() });

type Reload = { order: RowView; window?: { offset: number; limit: number } };

/** A cell edit patches its changed rows in place; a bulk edit or undo sends the grid's rows in view anew (rows move between filters). */
async function editResult(auth: Auth, importId: string, outcome: EditOutcome, reload: Reload | null): Promise<ActionResult<EditResult>> {
  if (!outcome.ok) return outcome;
  const [rows, summary, window] = await Promise.all([
    reload ? Promise.resolve([]) : listImportRowsByLine({ db: auth.db, importId, lines: outcome.changedLines }),
    summarizeImportRows({ db: auth.db, importId }),
    reload?.window ? listImportRowWindow({ db: auth.db, importId, view: reload.order, ...reload.window }) : Promise.resolve(null),
  ]);
  return { ok: true, data: { rows, changedLines: outcome.changedLines, summary, message: outcome.message, undo: outcome.undo, window } };
}

/** Changes one staged cell; the server validates the rows again and returns the ones that changed. */
export async function editImportCell(slug: string, input: z.input<typeof editSchema>): Promise<ActionResult<EditResult>> {
  const auth = await authorizeAction(slug, "operator");
  if (!auth.ok) return auth;
  const parsed = editSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "That edit could not be read." };
  const { importId, line, column, value } = parsed.data;
  return editResult(auth, importId, await editStagedCell({ ...scopeOf(auth, importId), edit: { line, column, value } }), null);
}

/** One bulk fix over the selected rows (or every row of a view), checked again on the server in this one call. */
export async function bulkEditImport(slug: string, input: z.input<typeof bulkSchema>): Promise<ActionResult<EditResult>> {
  const auth = await authorizeAction(slug, "operator");
  if (!auth.ok) return auth;
  const parsed = bulkSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "That change could not be read." };
  const { importId, edit, target, order, window } = parsed.data;
  return editResult(auth, importId, await applyBulkEdit({ ...scopeOf(auth, importId), edit, target, order }), { order, window });
}

/** Takes the last edit back. */
export async function undoImportEdit(slug: string, input: z.input<typeof undoSchema>): Promise<ActionResult<EditResult>> {
  const auth = await authorizeAction(slug, "operator");
  if (!auth.ok) return auth;
  const parsed = undoSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Import not found." };
  const { importId, order, window } = parsed.data;
  return editResult(auth, importId, await undoStagedEdit(scopeOf(auth, importId)), { order, window });
}

/** How many of the target rows a find and replace would change, shown before it is applied. */
export async function countImportMatches(slug: string, input: z.input<typeof matchSchema>): Promise<ActionResult<{ matches: number }>> {
  const auth = await authorizeAction(slug, "viewer");
  if (!auth.ok) return auth;
  const parsed = matchSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "That search could not be read." };
  const found = await getImport({ db: auth.db, organizationId: auth.organization.id, importId: parsed.data.importId });
  if (!found) return { ok: false, error: "Import not found." };
  return { ok: true, data: { matches: await countMatchingCells({ db: auth.db, ...parsed.data }) } };
}

const confirmSchema = z.object({ allOrNothing: z.boolean().default(false) });

/**
 * Queues the import of the staged valid rows as a job; a worker runs it (after the organization's
 * running import, if there is one) and the page polls its progress. "All or nothing" is kept on the
 * import, so that a run taken over by another worker keeps it too.
 */
export async function confirmImport(slug: string, importId: string, options: z.input<typeof confirmSchema> = {}): Promise<ActionResult<{ started: boolean }>> {
  const auth = await authorizeAction(slug, "operator");
  if (!auth.ok) return auth;
  const found = await getImport({ db: auth.db, organizationId: auth.organization.id, importId: String(importId) });
  if (!found) return { ok: false, error: "Import not found." };
  if (found.import.status !== "validated") return { ok: true, data: { started: false } };
  if (found.import.validRows === 0) return { ok: false, error: "There is no valid row to import. Fix the invalid rows first." };
  const { db, organization, user } = auth;
  const rate = await takeRateLimit({ db, key: `user:${user.id}:${organization.id}`, limit: organization.userImportsPerMinute });
  if (!rate.ok) return { ok: false, error: `You started more than ${organization.userImportsPerMinute} uploads or imports in a minute. Try again in ${rate.retryAfterSeconds} s.` };
  const parsed = confirmSchema.safeParse(options);
  if (!parsed.success) return { ok: false, error: "Those import options could not be read." };
  await setAllOrNothing({ db, importId: found.import.id, allOrNothing: parsed.data.allOrNothing });
  const queue = importQueueFor(db, getSecretBox());
  const { queued } = await queueImport({ db, queue, job: { importId: found.import.id, organizationId: organization.id, isPlatformAdmin: user.isPlatformAdmin } });
  return { ok: true, data: { started: queued } };
}

/** Cancel: a queued import at once; a running one after the chunk its worker is writing. */
export async function cancelImport(slug: string, importId: string): Promise<ActionResult<{ status: "cancelled" | "cancelling" }>> {
  const auth = await authorizeAction(slug, "operator");
  if (!auth.ok) return auth;
  const parsed = z.uuid().safeParse(importId);
  if (!parsed.success) return { ok: false, error: "Import not found." };
  const result = await cancelImportRun({ db: auth.db, organizationId: auth.organization.id, importId: parsed.data });
  return result.ok ? { ok: true, data: { status: result.status } } : result;
}

/** Discards a staged import: its rows and sealed passwords go; the history keeps it as cancelled. */
export async function discardStagedImport(slug: string, importId: string): Promise<ActionResult<{ discarded: true }>> {
  const auth = await authorizeAction(slug, "operator");
  if (!auth.ok) return auth;
  if (!z.uuid().safeParse(importId).success) return { ok: false, error: "Import not found." };
  const done = await discardImport({ db: auth.db, organizationId: auth.organization.id, importId });
  return done.ok ? { ok: true, data: { discarded: true } } : done;
}

/** Rolls a completed import back (admins only); the rollback is an import of its own, which the page opens. */
export async function rollBackImport(slug: string, importId: string): Promise<ActionResult<{ rollbackId: string }>> {
  const auth = await authorizeAction(slug, "admin");
  if (!auth.ok) return auth;
  if (!z.uuid().safeParse(importId).success) return { ok: false, error: "Import not found." };
  const result = await rollbackImport({ db: auth.db, organizationId: auth.organization.id, importId, actor: { userId: auth.user.id } });
  return result.ok ? { ok: true, data: { rollbackId: result.rollbackId } } : result;
}
