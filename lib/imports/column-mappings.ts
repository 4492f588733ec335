import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { columnMappings } from "@/db/schema";
import { headerSignature, recall, rememberedFrom, type ColumnMapping } from "@/lib/import/mapping/mapping";
import type { ForeignHeader } from "@/lib/import/mapping/foreign";
import { mappingTargets } from "@/lib/import/mapping/targets";
import type { ModelAttribute } from "@/lib/import/model";

const hashOf = (header: string[]) => createHash("sha256").update(headerSignature(header)).digest("hex");

type Where = { db: DbOrTx; organizationId: string; productId: string };

/** The mapping last used for an export with these columns (in any order), or null. */
export async function findRememberedMapping({ db, organizationId, productId, header, attributes }: Where & { header: string[]; attributes: ModelAttribute[] }) {
  const [found] = await db
    .select()
    .from(columnMappings)
    .where(and(eq(columnMappings.organizationId, organizationId), eq(columnMappings.productId, productId), eq(columnMappings.headerHash, hashOf(header))))
    .limit(1);
  if (!found) return null;
  const mapping = recall(header, found.mapping, mappingTargets(attributes));
  return mapping ? { mapping, savedAt: found.updatedAt } : null;
}

/** Keeps the mapping of an import that was staged with it, for the next file with these columns. */
export async function rememberMapping({ db, organizationId, productId, mapping, userId }: Where & { mapping: ColumnMapping; userId?: string }) {
  const values = { organizationId, productId, headerHash: hashOf(mapping.header), header: mapping.header, mapping: rememberedFrom(mapping), userId: userId ?? null };
  await db
    .insert(columnMappings)
    .values(values)
    .onConflictDoUpdate({
      target: [columnMappings.organizationId, columnMappings.productId, columnMappings.headerHash],
      set: { header: values.header, mapping: values.mapping, userId: values.userId, updatedAt: new Date() },
    });
}

/** The mapping step's answer: the suggestions, replaced by the remembered mapping when there is one. */
export type MappingOffer = ForeignHeader & { remembered: { savedAt: string } | null };

export async function mappingOffer({ foreign, attributes, ...where }: Where & { foreign: ForeignHeader; attributes: ModelAttribute[] }): Promise<MappingOffer> {
  const remembered = await findRememberedMapping({ ...where, header: foreign.header, attributes });
  if (!remembered) return { ...foreign, remembered: null };
  return {
    ...foreign,
    suggestions: foreign.suggestions.map((s) => {
      const target = remembered.mapping.targets[s.index] ?? null;
      return { ...s, target, reason: target === null ? null : "remembered" };
    }),
    remembered: { savedAt: remembered.savedAt.toISOString() },
  };
}
