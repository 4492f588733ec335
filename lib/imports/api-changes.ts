import type { DbOrTx } from "@/db/client";
import type { RowResult } from "@/lib/import/command";
import type { ChangeKind, RowChanges } from "@/lib/import/row-changes";
import { stagedExtras } from "./before-images";

export type ApiRowChange = { line: number; device_unique_id: string | null; kind: ChangeKind; fields?: { field: string; column: string | null; before: string; after: string }[]; removes?: { device: string; sim: string | null; external_ids: string[] } };

const forApi = (line: number, deviceKey: string | null, c: RowChanges): ApiRowChange =>
  c.kind === "create"
    ? { line, device_unique_id: deviceKey, kind: c.kind }
    : c.kind === "delete"
      ? { line, device_unique_id: deviceKey, kind: c.kind, removes: { device: c.removes.device, sim: c.removes.sim, external_ids: c.removes.externalIds } }
      : { line, device_unique_id: deviceKey, kind: c.kind, fields: c.fields };

/** The preview's per-row changes for an API answer (valid rows only; nothing is stored). */
export async function rowChangesForApi(db: DbOrTx, organizationId: string, rows: RowResult[], header: readonly string[]): Promise<ApiRowChange[]> {
  const extras = await stagedExtras(db, organizationId, rows, header);
  return rows.flatMap((r) => {
    const changes = extras.get(r.line)?.changes;
    return changes ? [forApi(r.line, r.deviceKey, changes)] : [];
  });
}

export const changeCounts = (changes: { kind: ChangeKind }[]) => {
  const n = (k: ChangeKind) => changes.filter((c) => c.kind === k).length;
  return { create: n("create"), update: n("update"), no_change: n("no_change"), delete: n("delete"), credentials: n("credentials") };
};
