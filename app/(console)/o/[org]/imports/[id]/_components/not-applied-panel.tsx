import type { ImportRowView } from "@/lib/imports/queries";

/** Codes of rows the device had moved on from: the preview (or the import rolled back) no longer matched it. */
const codes = new Set(["STALE_DEVICE", "DEVICE_NOT_FOUND", "RESTORE_CONFLICT", "NO_BEFORE_IMAGE"]);

/** Rows not applied because their device changed after the preview (or after the import, for a rollback), each with why. */
export function NotAppliedPanel({ rows, rollback }: { rows: ImportRowView[]; rollback: boolean }) {
  const listed = rows.filter((r) => r.outcomeCode && codes.has(r.outcomeCode));
  if (listed.length === 0) return null;
  return (
    <section className="card" aria-labelledby="not-applied-heading">
      <h2 id="not-applied-heading" className="panel-title">
        {rollback ? "Left as they are" : "Changed since your preview"} <span className="count">{listed.length}</span>
      </h2>
      <ul className="error-list" aria-label={rollback ? "Devices left as they are" : "Rows not applied"}>
        {listed.slice(0, 500).map((r) => (
          <li key={r.line}>
            <div>
              <span className="error-line">Line {r.line}</span>
              <span className="error-column">{r.outcomeCode}</span>
              <span className="error-message">{r.outcomeMessage}</span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
