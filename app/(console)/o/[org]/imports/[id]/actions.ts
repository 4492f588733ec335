"use server";

import { z } from "zod";
import type { ActionResult } from "@/app/_lib/action-result";
import { authorizeAction } from "@/app/_lib/org-action";
import { getSecretBox } from "@/app/_lib/secrets";
import { cancelImportRun } from "@/lib/imports/claim-guard";
import { importQueueFor, queueImport } from "@/lib/jobs/import-queue";
import { takeRateLimit } from "@/lib/rate-limit/take";
import { discardImport } from "@/lib/imports/discard";
import { editStagedCell } from "@/lib/imports/edit";
import { rollbackImport } from "@/lib/imports/rollback";
import { getImport, listImportRows, type ImportRowView } from "@/lib/imports/queries";

const editSchema = z.object({
  importId: z.uuid(),
  line: z.number().int().positive(),
  column: z.string().min(1).max(200),
  value: z.string().max(10_000),
});

export type EditResult = { rows: ImportRowView[]; summary: { total: number; valid: number; invalid: number } };

/** Changes one staged cell; the server validates the rows again and returns the ones that changed. */
export async function editImportCell(slug: string, input: z.input<typeof editSchema>): Promise<ActionResult<EditResult>> {
  const auth = await authorizeAction(slug, "operator");
  if (!auth.ok) return auth;
  const parsed = editSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "That edit could not be read." };
  const { importId, line, column, value } = parsed.data;
  const edited = await editStagedCell({ db: auth.db, importId, organization: auth.organization, isPlatformAdmin: auth.user.isPlatformAdmin, edit: { line, column, value }, secrets: getSecretBox() });
  if (!edited.ok) return edited;
  const [found, rows] = await Promise.all([getImport({ db: auth.db, organizationId: auth.organization.id, importId }), listImportRows({ db: auth.db, importId })]);
  const changed = new Set(edited.changedLines);
  return {
    ok: true,
    data: {
      rows: rows.filter((r) => changed.has(r.line)),
      summary: { total: found!.import.totalRows, valid: found!.import.validRows, invalid: found!.import.invalidRows },
    },
  };
}

/**
 * Queues the import of the staged valid rows as a job; a worker runs it (after the organization's
 * running import, if there is one) and the page polls its progress.
 */
export async function confirmImport(slug: string, importId: string): Promise<ActionResult<{ started: boolean }>> {
  const auth = await authorizeAction(slug, "operator");
  if (!auth.ok) return auth;
  const found = await getImport({ db: auth.db, organizationId: auth.organization.id, importId: String(importId) });
  if (!found) return { ok: false, error: "Import not found." };
  if (found.import.status !== "validated") return { ok: true, data: { started: false } };
  if (found.import.validRows === 0) return { ok: false, error: "There is no valid row to import. Fix the invalid rows first." };
  const { db, organization, user } = auth;
  const rate = await takeRateLimit({ db, key: `user:${user.id}:${organization.id}`, limit: organization.userImportsPerMinute });
  if (!rate.ok) return { ok: false, error: `You started more than ${organization.userImportsPerMinute} uploads or imports in a minute. Try again in ${rate.retryAfterSeconds} s.` };
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
