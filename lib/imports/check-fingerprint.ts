import { createHash } from "node:crypto";
import type { ImportContext } from "@/lib/import/dialects/context";

/**
 * Everything a row's own checks depend on besides its cells: the product models, the registration
 * product, who may name another organization, the group depth. A commit whose context still has
 * the staging's fingerprint takes the stored checked changes; any change to these checks all cells
 * again. (Keys, ICCIDs and caps are the database's and are checked again at every commit.)
 */
export function checkFingerprint(context: ImportContext): string {
  const { product, catalog, registrationProductKey, isPlatformAdmin, limits, organization } = context;
  // The catalog comes from an unordered query: its products in key order, so the same catalog hashes the same.
  const products = Object.entries(catalog ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const basis = JSON.stringify({ organization: organization.id, product, products, registrationProductKey, isPlatformAdmin, maxGroupDepth: limits.maxGroupDepth });
  return createHash("sha256").update(basis).digest("base64url");
}
