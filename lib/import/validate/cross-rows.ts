import type { RowResult } from "../command";
import { issue } from "../issue";

/**
 * Checks across the rows of one file: a device key, ICCID or external id may appear once.
 * The later rows get the error, naming the line of the first occurrence.
 */
export function checkAcrossRows(rows: RowResult[]): void {
  const keys = new Map<string, number>();
  const iccids = new Map<string, number>();
  const externalIds = new Map<string, number>();
  // The first row of each key folded to lower case (the row itself: no object per row).
  const keysByCase = new Map<string, RowResult>();
  for (const row of rows) {
    if (row.deviceKey) {
      const first = keys.get(row.deviceKey);
      const column = row.columns.deviceKey ?? null;
      if (first !== undefined) row.errors.push(issue(column, "DUPLICATE_DEVICE_KEY", `${column ?? "Device key"} "${row.deviceKey}" is already used on line ${first} of this file`));
      // A row that fails on its own writes nothing, so it does not take the key from a later valid row.
      else if (row.errors.length === 0) {
        keys.set(row.deviceKey, row.line);
        // Keys are case-sensitive, but ABC-1 next to abc-1 is almost always one device typed twice.
        const folded = row.deviceKey.toLowerCase();
        const sameButCase = keysByCase.get(folded);
        if (sameButCase) {
          row.warnings.push(
            issue(column, "DEVICE_KEY_CASE", `${column ?? "Device key"} "${row.deviceKey}" differs only in letter case from "${sameButCase.deviceKey}" on line ${sameButCase.line}: they will be two devices. Check that this is not the same device typed twice.`),
          );
        } else keysByCase.set(folded, row);
      }
    }
    const change = row.change;
    if (!change) continue;
    if (change.sim) {
      const first = iccids.get(change.sim.iccid);
      if (first !== undefined) row.errors.push(issue(row.columns.sim ?? null, "DUPLICATE_ICCID", `ICCID "${change.sim.iccid}" is already used on line ${first} of this file`));
      else iccids.set(change.sim.iccid, row.line);
    }
    for (const id of change.externalIds ?? []) {
      const key = `${id.type}\u0000${id.value}`;
      const first = externalIds.get(key);
      // The device's own ID is checked as a device key above; only extra external ids here.
      if (first !== undefined && first !== row.line && id.value !== change.deviceKey) {
        row.errors.push(issue(row.columns.externalIds ?? null, "DUPLICATE_EXTERNAL_ID", `External ID ${id.type} "${id.value}" is already used on line ${first} of this file`));
      } else externalIds.set(key, row.line);
    }
  }
  for (const row of rows) if (row.errors.length > 0) row.change = null;
}
