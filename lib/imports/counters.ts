import type { Import } from "@/db/schema";

/** Statuses of an import that has run: its rows have outcomes. */
export const finishedStatuses = ["completed", "completed_with_failures", "failed"] as const satisfies Import["status"][];
export const hasRun = (status: Import["status"]) => (finishedStatuses as readonly string[]).includes(status);

/** skipped includes `removed`: the rows the user removed in the preview. */
export type ImportCounters = { total: number; created: number; updated: number; deleted: number; credentialUpdated: number; failed: number; skipped: number; removed: number; processed: number };

/**
 * Where every row of an import went: total = created + updated + deleted + credential-updated +
 * failed + skipped once it has run (skipped: invalid when confirmed, or removed by the user in the
 * preview). Before, the invalid and removed rows are what would be skipped. The console and every
 * API show these same numbers.
 */
export function importCounters(imp: Import): ImportCounters {
  return {
    total: imp.totalRows,
    created: imp.createdCount,
    updated: imp.updatedCount,
    deleted: imp.deletedCount,
    credentialUpdated: imp.credentialUpdatedCount,
    failed: imp.failedCount,
    // Once it started (also when cancelled midway), what the run skipped; before, what it would skip.
    skipped: (imp.startedAt !== null ? imp.skippedCount : imp.invalidRows) + imp.removedRows,
    removed: imp.removedRows,
    processed: imp.processedRows,
  };
}

/** Rows no outcome accounts for yet (an import stopped half-way leaves them pending). */
export const unaccounted = (c: ImportCounters) => c.total - c.created - c.updated - c.deleted - c.credentialUpdated - c.failed - c.skipped;
