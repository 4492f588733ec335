import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { imports, type Import } from "@/db/schema";
import { finishedStatuses } from "@/lib/imports/counters";

const settled = new Set<Import["status"]>([...finishedStatuses, "cancelled"]);

/**
 * For the APIs, which answer with the result: waits while a worker runs the import's job. Gives
 * up after `timeoutMs` (the import goes on; it shows in the history), so a request never hangs for good.
 */
export async function waitForImport({ db, importId, timeoutMs, pollMs = 100 }: { db: Db; importId: string; timeoutMs: number; pollMs?: number }): Promise<Import | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [imp] = await db.select().from(imports).where(eq(imports.id, importId));
    if (!imp || settled.has(imp.status)) return imp ?? null;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
