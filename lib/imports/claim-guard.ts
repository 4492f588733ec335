import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { importRows, imports } from "@/db/schema";
import { forgetPasswords } from "./forget-passwords";

/** Another worker claimed the import after this one's job expired: this one stops writing. */
export class ClaimLostError extends Error {}

/**
 * Run first in each chunk's transaction: locks the import's row, so that a Cancel or a new claim
 * waits for the chunk or takes effect before it. A chunk is written only under the token its
 * claim wrote; "cancel" means stop before this chunk.
 */
export async function checkClaim(tx: Tx, importId: string, token: string): Promise<"write" | "cancel"> {
  const [current] = await tx.select({ token: imports.claimToken, cancel: imports.cancelRequestedAt }).from(imports).where(eq(imports.id, importId)).for("update");
  if (!current || current.token !== token) throw new ClaimLostError(`Import ${importId} was claimed by another worker.`);
  return current.cancel ? "cancel" : "write";
}

/** After a Cancel took effect: the rows not reached say so, and the import keeps the counts of what was written. */
export async function finishCancelled(db: Db, importId: string, token: string) {
  await db
    .update(importRows)
    // Invalid rows of pages the commit had not reached yet say what they are, as those of pages it had.
    .set({ outcome: "skipped", outcomeMessage: sql`case when jsonb_array_length(${importRows.errors}) > 0 then 'Invalid row, not imported' else 'Not imported: the import was cancelled' end` })
    .where(and(eq(importRows.importId, importId), eq(importRows.outcome, "pending")));
  await db
    .update(imports)
    .set({ status: "cancelled", finishedAt: new Date(), error: "cancelled by a user while importing; the rows written before stay written" })
    .where(and(eq(imports.id, importId), eq(imports.claimToken, token)));
  await forgetPasswords(db, importId);
}

export type CancelResult = { ok: true; status: "cancelled" | "cancelling" } | { ok: false; error: string };

/**
 * Cancel: an import still waiting in line is cancelled at once (its job finds nothing to claim);
 * one that is writing is asked to stop, which its worker does after the current chunk.
 */
export async function cancelImportRun({ db, organizationId, importId }: { db: Db; organizationId: string; importId: string }): Promise<CancelResult> {
  const own = and(eq(imports.id, importId), eq(imports.organizationId, organizationId));
  const [waiting] = await db
    .update(imports)
    .set({ status: "cancelled", finishedAt: new Date(), error: "cancelled by a user before it started" })
    .where(and(own, eq(imports.status, "queued")))
    .returning({ id: imports.id });
  if (waiting) {
    await forgetPasswords(db, importId);
    return { ok: true, status: "cancelled" };
  }
  const [running] = await db.update(imports).set({ cancelRequestedAt: new Date() }).where(and(own, inArray(imports.status, ["importing"]))).returning({ id: imports.id });
  if (running) return { ok: true, status: "cancelling" };
  return { ok: false, error: "This import is not waiting or running any more." };
}
