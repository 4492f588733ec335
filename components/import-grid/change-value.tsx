import type { FieldChange, RowChanges } from "@/lib/import/row-changes";

/** A changed cell of the preview: the device's value now, struck through, then the file's. */
export function ChangeValue({ change }: { change: FieldChange }) {
  return (
    <span className="change-value" title={`${change.before || "(empty)"} → ${change.after || "(empty)"}`}>
      <del aria-label={`now ${change.before || "empty"}`}>{change.before || "empty"}</del>
      <ins aria-label={`becomes ${change.after || "empty"}`}>{change.after || "empty"}</ins>
    </span>
  );
}

/** The change a row makes to the cell of `column`, if any. */
export const changeIn = (changes: RowChanges | null | undefined, column: string) =>
  changes && "fields" in changes ? changes.fields.find((f) => f.column === column) : undefined;

/** The status cell's word for a valid row in the preview, from what it will do. */
export function previewLabel(changes: RowChanges | null | undefined): string | null {
  if (!changes) return null;
  if (changes.kind === "no_change") return "No change";
  if (changes.kind === "delete") return "Deletes";
  if (changes.kind === "update") return `${changes.fields.length} change${changes.fields.length === 1 ? "" : "s"}`;
  return null;
}

/** Changes with no column of their own in the file (e.g. a group), and what a delete removes, in words. */
export function changeSummary(changes: RowChanges | null | undefined): string | null {
  if (!changes) return null;
  if (changes.kind === "delete") {
    const r = changes.removes;
    return [`Deletes ${r.device}`, r.sim && `SIM ${r.sim}`, r.externalIds.length > 0 && `external ids ${r.externalIds.join(", ")}`].filter(Boolean).join("; ");
  }
  if (!("fields" in changes)) return null;
  return changes.fields.map((f) => `${f.column ?? f.field}: ${f.before || "empty"} → ${f.after || "empty"}`).join("\n") || (changes.kind === "no_change" ? "Nothing changes: the device already has these values" : null);
}
