import { and, count, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { devices, importRows, type Import, type Organization } from "@/db/schema";
import { deviceKeyColumn } from "@/lib/import/dialects/key-column";
import type { CellEdits } from "./revalidate";

const fold = (key: string | null | undefined) => (key ? [key.toLowerCase(), key.trim().toLowerCase()] : []);

/**
 * The rows an edit can change: the rows it touched and every row sharing a device key (in any
 * letter case) with them, before or after. Checking those again gives what checking the whole
 * import would, as long as no other check spans rows: template rows carry no SIM, external id or
 * parent, and the caps cannot bind when every live row could be created without passing them
 * (otherwise which rows pass depends on the order of all of them). Null: check every row.
 */
export async function rowsToRecheck({
  db,
  staged,
  organization,
  touched,
  keysBefore,
  edits,
}: {
  db: DbOrTx;
  staged: Import;
  organization: Organization;
  touched: number[];
  keysBefore: (string | null)[];
  edits: CellEdits;
}): Promise<number[] | null> {
  if (staged.dialect !== "enos_template" || !staged.productId) return null;
  const keyColumn = deviceKeyColumn(staged.dialect, staged.header);
  if (!keyColumn) return null;
  const live = staged.totalRows;
  const [[inOrganization], [inProduct]] = await Promise.all([
    db.select({ value: count() }).from(devices).where(eq(devices.organizationId, organization.id)),
    db.select({ value: count() }).from(devices).where(and(eq(devices.organizationId, organization.id), eq(devices.productId, staged.productId))),
  ]);
  if ((inOrganization?.value ?? 0) + live > organization.maxDevicesPerOrganization || (inProduct?.value ?? 0) + live > organization.maxDevicesPerProduct) return null;
  if (touched.length === 0) return [];
  const inTouched = sql`${importRows.line} = any(${`{${touched.join(",")}}`}::int[])`;
  const now = await db.select({ deviceKey: importRows.deviceKey, cells: importRows.cells, line: importRows.line }).from(importRows).where(and(eq(importRows.importId, staged.id), inTouched));
  const keys = new Set([...keysBefore.flatMap(fold), ...now.flatMap((r) => [...fold(r.deviceKey), ...fold(edits.get(r.line)?.[keyColumn] ?? r.cells[keyColumn])])]);
  const sharing = keys.size
    ? await db
        .select({ line: importRows.line })
        .from(importRows)
        .where(and(eq(importRows.importId, staged.id), eq(importRows.removed, false), sql`lower(${importRows.deviceKey}) in (select jsonb_array_elements_text(${JSON.stringify([...keys])}::jsonb))`))
    : [];
  return [...new Set([...touched, ...sharing.map((r) => r.line)])];
}
