import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { importRows, imports, type Organization } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { stagedRow, summaryColumns } from "./stage";
import { revalidateStaged, type CellEdit } from "./revalidate";
import { stagedExtras } from "./before-images";

/** jsonb does not keep key order: compare with keys sorted. */
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(",")}]`
    : value && typeof value === "object"
      ? `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`
      : JSON.stringify(value);
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * Changes one cell of a staged import and validates the rows again, on the server: the edited row
 * and any row whose errors depend on it (a duplicate key it no longer shares) are updated.
 */
export async function editStagedCell({
  db,
  importId,
  organization,
  isPlatformAdmin,
  edit,
  secrets,
}: {
  db: Db;
  importId: string;
  organization: Organization;
  isPlatformAdmin: boolean;
  edit: CellEdit;
  secrets: SecretBox;
}): Promise<{ ok: true; changedLines: number[] } | { ok: false; error: string }> {
  const [staged] = await db.select().from(imports).where(and(eq(imports.id, importId), eq(imports.organizationId, organization.id)));
  if (!staged) return { ok: false, error: "Import not found." };
  if (staged.status !== "validated") return { ok: false, error: "This import has been confirmed; its rows can no longer be edited." };
  if (!staged.header.some((h) => h.trim() === edit.column)) return { ok: false, error: `The file has no column "${edit.column}".` };
  if (edit.value.length > 10_000) return { ok: false, error: "The value is too long." };
  const { stored, validated } = await revalidateStaged({ db, staged, organization, isPlatformAdmin, edit, secrets });
  const before = new Map(stored.map((r) => [r.line, r]));
  if (!before.has(edit.line)) return { ok: false, error: `The import has no row on line ${edit.line}.` };
  const changedLines: number[] = [];
  await db.transaction(async (tx) => {
    const changed = validated.rows.filter((row) => {
      const old = before.get(row.line)!;
      const next = stagedRow(importId, row, secrets);
      return row.line === edit.line || !same(old.cells, next.cells) || !same(old.errors, row.errors) || !same(old.warnings, row.warnings) || !same(old.conversions, row.conversions) || old.operation !== row.operation;
    });
    // A changed row is previewed anew: its before-image and changes are taken again, as of now.
    const extras = await stagedExtras(tx, organization.id, changed, staged.header);
    for (const row of changed) {
      const old = before.get(row.line)!;
      const next = stagedRow(importId, row, secrets, extras.get(row.line));
      changedLines.push(row.line);
      await tx
        .update(importRows)
        .set({ cells: next.cells, sealedCells: next.sealedCells, errors: row.errors, warnings: row.warnings, conversions: row.conversions, operation: row.operation, deviceKey: row.deviceKey, beforeImage: next.beforeImage, changes: next.changes })
        .where(eq(importRows.id, old.id));
    }
    await tx.update(imports).set(summaryColumns(validated.summary)).where(eq(imports.id, importId));
  });
  return { ok: true, changedLines };
}
