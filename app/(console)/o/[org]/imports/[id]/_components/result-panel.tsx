import { plural } from "@/lib/format";
import { unaccounted } from "@/lib/imports/counters";
import type { ImportInfo } from "./import-view";

/** Counters of a finished import and its downloads: every row is in exactly one counter. */
export function ResultPanel({ info, downloadsPath, canWrite, isRollback = false }: { info: ImportInfo; downloadsPath: string; canWrite: boolean; isRollback?: boolean }) {
  const c = info.counters;
  const cards = [
    ["Created", c.created, "ok"],
    ["Updated", c.updated, "ok"],
    ["Deleted", c.deleted, "ok"],
    ["Credentials updated", c.credentialUpdated, "ok"],
    ["Failed", c.failed, c.failed > 0 ? "bad" : "ok"],
    [isRollback ? "Skipped (changed since)" : c.removed === 0 ? "Skipped (invalid)" : c.skipped > c.removed ? `Skipped (invalid, ${c.removed} removed by you)` : "Skipped (removed by you)", c.skipped, "ok"],
    // Cancelled while importing: the rows it never reached, so that the cards add up to the file.
    ...(info.status === "cancelled" ? ([["Not imported (cancelled)", unaccounted(c), "bad"]] as const) : []),
  ] as const;
  const open = unaccounted(c);
  const heading = info.status === "completed" ? "Import finished" : info.status === "completed_with_failures" ? `Import finished with ${plural(c.failed, "failed row")}` : info.status === "cancelled" ? "Import cancelled" : "Import stopped";
  return (
    <section className="card card-body stack" aria-labelledby="result-heading">
      <h2 id="result-heading">{heading}</h2>
      {info.status === "cancelled" && (
        <div className="alert warning" role="status">
          It was cancelled while importing: the rows written before stay written; the rest were not imported.
        </div>
      )}
      {info.error && info.status !== "cancelled" && (
        <div className="alert error" role="alert">
          The import stopped: {info.error}. {info.error.startsWith("All or nothing") ? "Each row below says why." : "Rows written before the error stay written; their results are below."}
        </div>
      )}
      {info.status === "completed_with_failures" && (
        <div className="alert warning" role="status">
          {plural(c.failed, "row")} could not be written when imported; the others were. Each failed row and why is under <strong>Errors</strong>, in errmsg.txt and in the failed rows (.xlsx), which you can fix and upload again.
        </div>
      )}
      <div className="stat-cards">
        {cards.map(([label, value, tone]) => (
          <div key={label} className={`stat ${tone}`}>
            <span className="stat-value">{value.toLocaleString("en-US")}</span>
            <span className="stat-label">{label}</span>
          </div>
        ))}
      </div>
      <p className="muted" data-testid="accounting">
        {plural(c.total, "row")} in the file = {c.created} created + {c.updated} updated + {c.deleted} deleted + {c.credentialUpdated} credentials updated + {c.failed} failed + {c.skipped} skipped
        {open > 0 && `, and ${plural(open, "row")} not reached`}.
      </p>
      <div className="row">
        {canWrite && (
          <a className="button primary" href={`${downloadsPath}/results`} download>
            Download results (.csv)
          </a>
        )}
        <a className="button" href={`${downloadsPath}/errmsg`} download>
          errmsg.txt
        </a>
        <a className="button" href={`${downloadsPath}/failed`} download>
          Failed rows (.xlsx)
        </a>
      </div>
      {/* A rollback brings devices back with the secrets they had: nothing new to hand out. */}
      {canWrite && c.created > 0 && !isRollback && <p className="hint">New device secrets are in the results download the first time it is downloaded, and never shown again. Keep the file safe.</p>}
    </section>
  );
}
