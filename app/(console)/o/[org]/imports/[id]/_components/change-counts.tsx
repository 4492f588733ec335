import { formatNumber } from "@/lib/format";
import type { ChangeKind } from "@/lib/import/row-changes";
import type { PreviewRow, RowSummary } from "@/lib/imports/row-window";

/** What the valid rows will do, counted on the server (summarizeImportRows: staged changes, or the operation). */
export const changeTally = (s: RowSummary): Record<ChangeKind, number> => ({
  create: s.changeCreates,
  update: s.changeUpdates,
  no_change: s.changeNone,
  delete: s.changeDeletes,
  credentials: s.changeCredentials,
});

/** The confirm step's count of each kind of row: create, update, no change, delete. */
export function ChangeCounts({ counts }: { counts: Record<ChangeKind, number> }) {
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
export function DeletedDevices({ valid }: { valid: Pick<PreviewRow, "line" | "deviceKey" | "changes">[] }) {
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
