import type { RowResult } from "../command";
import type { ImportContext } from "../dialects/context";
import { issue } from "../issue";
import { isSecretColumn } from "../secret-columns";

/** The console shows passwords as bullets (••••••); such a cell is a mask coming back, never a password. */
const MASK = /^\s*[•●∙·]+\s*$/u;

/** The file's password columns, found once per file. */
export const secretColumnsOf = (header: string[]) => header.map((h) => h.trim()).filter((h) => h !== "" && isSecretColumn(h));

/**
 * Checks every dialect shares, on one parsed row: a masked password sent back as a credential, and
 * a row that names another product than the one the import is for (the console's step 1).
 */
export function checkRowRules(row: RowResult, context: ImportContext, secretColumns: string[]): void {
  for (const column of secretColumns) {
    const value = row.cells[column] ?? "";
    if (MASK.test(value)) {
      row.errors.push(issue(column, "MASKED_SECRET", `${column} holds the mask "${value.trim()}", not a password: exported files leave passwords out, so type the password in again`));
    }
  }
  const named = row.change?.productKey;
  if (context.product && named && named !== context.product.productKey) {
    const column = row.columns.productKey ?? null;
    row.errors.push(
      issue(column, "OTHER_PRODUCT", `${column ?? "Product"} "${named}" is another product than ${context.product.productKey} (${context.product.name}), which this import is for; import this row from ${named}'s page, or change it`),
    );
  }
  if (row.errors.length > 0) row.change = null;
}
