import { formatNumber } from "@/lib/format";
import type { ChangeKind } from "@/lib/import/row-changes";
import type { ImportRowView } from "@/lib/imports/queries";

/** What a valid row will do: its staged changes, or (rows staged before changes were kept) its operation. */
const kindOf = (r: ImportRowView): ChangeKind => r.changes?.kind ?? (r.operation === "upsert_credentials" ? "create" : r.operation === "update" ? "update" : r.operation);

export function countChanges(valid: ImportRowView[]) {
  const n = (k: ChangeKind) => valid.filter((r) => kindOf(r) === k).length;
  return { create: n("create"), update: n("update"), no_change: n("no_change"), delete: n("delete"), credentials: n("credentials") };
}

/** The confirm step's count of each kind of row: create, update, no change, delete. */
export function ChangeCounts({ valid }: { valid: ImportRowView[] }) {
  const counts = countChanges(valid);
  const shown = [
    ["create", "Create"],
    ["update", "Update"],
    ["no_change", "No change"],
    ["delete", "Delete"],
    ...(counts.credentials > 0 ? [["credentials", "Credentials"] as const] : []),
  ] as const;
  return (
    <ul className="change-counts" aria-label="Rows by change">
      {shown.map(([kind, label]) => (
        <li key={kind} className={kind} data-kind={kind}>
          <strong>{formatNumber(counts[kind])}</strong>
          <span className="muted small">{label}</span>
        </li>
      ))}
    </ul>
  );
}

/** Each device a delete row removes, with its SIM and external ids. */
export function DeletedDevices({ valid }: { valid: ImportRowView[] }) {
  const deletes = valid.filter((r) => r.changes?.kind === "delete");
  if (deletes.length === 0) return null;
  return (
    <ul className="deleted-list" aria-label="Devices deleted">
      {deletes.slice(0, 200).map((r) => {
        const removes = r.changes?.kind === "delete" ? r.changes.removes : null;
        return (
          <li key={r.line}>
            {r.deviceKey} ({removes?.device}){removes?.sim && `, SIM ${removes.sim}`}
            {removes && removes.externalIds.length > 0 && `, external ids ${removes.externalIds.join(", ")}`}
          </li>
        );
      })}
      {deletes.length > 200 && <li>…and {formatNumber(deletes.length - 200)} more</li>}
    </ul>
  );
}
