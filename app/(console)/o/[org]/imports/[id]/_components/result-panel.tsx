import type { ImportInfo } from "./import-view";

/** Counters of a finished import and its downloads. */
export function ResultPanel({ info, downloadsPath, canWrite, isRollback = false }: { info: ImportInfo; downloadsPath: string; canWrite: boolean; isRollback?: boolean }) {
  const c = info.counters;
  const cards = [
    ["Created", c.created, "ok"],
    ["Updated", c.updated, "ok"],
    ["Deleted", c.deleted, "ok"],
    ["Failed", c.failed, c.failed > 0 ? "bad" : "ok"],
    [isRollback ? "Skipped (changed since)" : "Skipped (invalid)", c.skipped, "ok"],
    // Cancelled while importing: the rows it never reached, so that the cards add up to the file.
    ...(info.status === "cancelled" ? ([["Not imported (cancelled)", c.total - c.processed, "bad"]] as const) : []),
  ] as const;
  return (
    <section className="card card-body stack" aria-labelledby="result-heading">
      <h2 id="result-heading">{info.status === "completed" ? "Import finished" : info.status === "cancelled" ? "Import cancelled" : "Import stopped"}</h2>
      {info.status === "cancelled" && (
        <div className="alert warning" role="status">
          It was cancelled while importing: the rows written before stay written; the rest were not imported.
        </div>
      )}
      {info.error && info.status !== "cancelled" && (
        <div className="alert error" role="alert">
          The import stopped: {info.error}. Rows written before the error stay written; their results are below.
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
