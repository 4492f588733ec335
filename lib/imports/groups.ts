import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deviceGroups } from "@/db/schema";

/**
 * Group ids for "a/b/c" paths, creating missing levels once: the unique (organization, path)
 * index and ON CONFLICT DO NOTHING make concurrent imports agree on one row per level.
 */
export async function ensureGroupPaths({ db, organizationId, paths }: { db: DbOrTx; organizationId: string; paths: string[] }) {
  const levels = new Set<string>();
  for (const path of paths) {
    const parts = path.split("/");
    for (let i = 1; i <= parts.length; i++) levels.add(parts.slice(0, i).join("/"));
  }
  const ids = new Map<string, string>();
  const byDepth = [...levels].sort((a, b) => a.split("/").length - b.split("/").length);
  for (const depth of new Set(byDepth.map((p) => p.split("/").length))) {
    const atDepth = byDepth.filter((p) => p.split("/").length === depth);
    await db
      .insert(deviceGroups)
      .values(
        atDepth.map((path) => {
          const parent = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : null;
          return { organizationId, path, name: path.split("/").at(-1)!, parentId: parent ? ids.get(parent)! : null };
        }),
      )
      .onConflictDoNothing();
    const rows = await db
      .select({ id: deviceGroups.id, path: deviceGroups.path })
      .from(deviceGroups)
      .where(and(eq(deviceGroups.organizationId, organizationId), inArray(deviceGroups.path, atDepth)));
    for (const row of rows) ids.set(row.path, row.id);
  }
  return ids;
}
