import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { importRows, imports, products, serviceAccounts, users } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";

const importColumns = { import: imports, productKey: products.productKey, productName: products.name, userName: users.name, serviceAccountName: serviceAccounts.name };

/** One import of the organization (another organization's id is simply not found). */
export async function getImport({ db, organizationId, importId }: { db: DbOrTx; organizationId: string; importId: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(importId)) return null;
  const [row] = await db
    .select(importColumns)
    .from(imports)
    .leftJoin(products, eq(products.id, imports.productId))
    .leftJoin(users, eq(users.id, imports.userId))
    .leftJoin(serviceAccounts, eq(serviceAccounts.id, imports.serviceAccountId))
    .where(and(eq(imports.id, importId), eq(imports.organizationId, organizationId)));
  return row ?? null;
}
export type ImportDetail = NonNullable<Awaited<ReturnType<typeof getImport>>>;

export async function listImportsByOrganization({ db, organizationId, page, size }: { db: DbOrTx; organizationId: string; page: number; size: number }) {
  const [rows, [total]] = await Promise.all([
    db
      .select(importColumns)
      .from(imports)
      .leftJoin(products, eq(products.id, imports.productId))
      .leftJoin(users, eq(users.id, imports.userId))
      .leftJoin(serviceAccounts, eq(serviceAccounts.id, imports.serviceAccountId))
      .where(eq(imports.organizationId, organizationId))
      .orderBy(desc(imports.createdAt))
      .limit(size)
      .offset((page - 1) * size),
    db.select({ value: count() }).from(imports).where(eq(imports.organizationId, organizationId)),
  ]);
  return { rows, total: total?.value ?? 0 };
}

/** The staged rows as the preview grid and the reports use them (never the one-time secrets). */
export async function listImportRows({ db, importId }: { db: DbOrTx; importId: string }) {
  return db
    .select({
      line: importRows.line,
      operation: importRows.operation,
      deviceKey: importRows.deviceKey,
      cells: importRows.cells,
      errors: importRows.errors,
      warnings: importRows.warnings,
      outcome: importRows.outcome,
      outcomeMessage: importRows.outcomeMessage,
      assetId: importRows.assetId,
    })
    .from(importRows)
    .where(eq(importRows.importId, importId))
    .orderBy(asc(importRows.line));
}
export type ImportRowView = Awaited<ReturnType<typeof listImportRows>>[number];

/** The generated device secrets, handed out once: reading them clears them. */
export async function takeDeviceSecrets({ db, importId, secrets }: { db: DbOrTx; importId: string; secrets: SecretBox }) {
  // RETURNING sees the new (cleared) value, so the old one comes from a locked sub-select.
  const result = await db.execute(sql`
    UPDATE import_rows AS r SET secret_once = NULL
    FROM (SELECT id, secret_once FROM import_rows WHERE import_id = ${importId} AND secret_once IS NOT NULL FOR UPDATE) AS old
    WHERE r.id = old.id
    RETURNING r.line AS line, old.secret_once AS sealed`);
  const rows = (result as unknown as { rows: { line: number; sealed: string }[] }).rows;
  return new Map(rows.map((t) => [Number(t.line), secrets.open(t.sealed)]));
}
