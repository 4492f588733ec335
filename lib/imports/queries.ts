import { and, asc, count, desc, eq, gte, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { importRows, imports, products, serviceAccounts, users } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { ImportHistoryFilters } from "./history-query";

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

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

/** The history's WHERE: the organization, then each filter that is set. */
function historyWhere(organizationId: string, filters: ImportHistoryFilters): SQL | undefined {
  return and(
    eq(imports.organizationId, organizationId),
    filters.status ? eq(imports.status, filters.status) : undefined,
    filters.source ? eq(imports.source, filters.source) : undefined,
    filters.format ? eq(imports.dialect, filters.format) : undefined,
    filters.product ? eq(products.productKey, filters.product) : undefined,
    filters.user ? or(eq(imports.userId, filters.user), eq(imports.serviceAccountId, filters.user)) : undefined,
    filters.from ? gte(imports.createdAt, new Date(`${filters.from}T00:00:00Z`)) : undefined,
    filters.to ? lt(imports.createdAt, nextDay(filters.to)) : undefined,
  );
}

export async function listImportsByOrganization({ db, organizationId, page, size, filters = {} }: { db: DbOrTx; organizationId: string; page: number; size: number; filters?: ImportHistoryFilters }) {
  const where = historyWhere(organizationId, filters);
  const [rows, [total]] = await Promise.all([
    db
      .select(importColumns)
      .from(imports)
      .leftJoin(products, eq(products.id, imports.productId))
      .leftJoin(users, eq(users.id, imports.userId))
      .leftJoin(serviceAccounts, eq(serviceAccounts.id, imports.serviceAccountId))
      .where(where)
      .orderBy(desc(imports.createdAt))
      .limit(size)
      .offset((page - 1) * size),
    db.select({ value: count() }).from(imports).leftJoin(products, eq(products.id, imports.productId)).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

/** Who started the organization's imports (users and service accounts), for the history's filter. */
export async function listImportActors({ db, organizationId }: { db: DbOrTx; organizationId: string }) {
  const [people, accounts] = await Promise.all([
    db.selectDistinct({ id: users.id, name: users.name }).from(imports).innerJoin(users, eq(users.id, imports.userId)).where(eq(imports.organizationId, organizationId)),
    db
      .selectDistinct({ id: serviceAccounts.id, name: serviceAccounts.name })
      .from(imports)
      .innerJoin(serviceAccounts, eq(serviceAccounts.id, imports.serviceAccountId))
      .where(and(eq(imports.organizationId, organizationId), isNotNull(imports.serviceAccountId))),
  ]);
  return [...people.map((p) => ({ ...p, kind: "user" as const })), ...accounts.map((a) => ({ ...a, kind: "service account" as const }))].sort((a, b) => a.name.localeCompare(b.name));
}

/** A staged row as the grid and the reports show it: never its before-image, sealed cells or one-time secret. */
export const importRowColumns = {
  line: importRows.line,
  operation: importRows.operation,
  deviceKey: importRows.deviceKey,
  cells: importRows.cells,
  errors: importRows.errors,
  warnings: importRows.warnings,
  conversions: importRows.conversions,
  changes: importRows.changes,
  outcome: importRows.outcome,
  outcomeMessage: importRows.outcomeMessage,
  outcomeCode: importRows.outcomeCode,
  assetId: importRows.assetId,
};

/** Every staged row as the reports use them (never the one-time secrets); the grid reads windows (row-window.ts). */
export async function listImportRows({ db, importId }: { db: DbOrTx; importId: string }) {
  return db
    .select({ ...importRowColumns, removed: importRows.removed })
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
