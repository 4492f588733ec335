import { and, eq, isNotNull, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { importRows } from "@/db/schema";

/** Once an import has run (or never will), the passwords its rows carried go: cells and change alike. */
export async function forgetPasswords(db: DbOrTx, importId: string) {
  // Only the rows that hold any: rewriting every row of a 100,000-row import cost a second.
  const holding = or(isNotNull(importRows.sealedCells), isNotNull(importRows.sealedChange));
  await db.update(importRows).set({ sealedCells: null, sealedChange: null }).where(and(eq(importRows.importId, importId), holding));
}
