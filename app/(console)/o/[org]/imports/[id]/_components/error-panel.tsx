"use client";

import type { RowIssue } from "@/lib/import/issue";
import type { ImportRowView } from "@/lib/imports/queries";

const LIMIT = 500;
type Listed = RowIssue & { key: string; line: number };

const collect = (rows: ImportRowView[], pick: (r: ImportRowView) => RowIssue[]): Listed[] =>
  rows.flatMap((r) => pick(r).map((e, i) => ({ key: `${r.line}-${i}`, line: r.line, ...e }))).sort((a, b) => a.line - b.line);

function IssueList({ issues, kind, onReveal }: { issues: Listed[]; kind: "error" | "warning"; onReveal: (line: number, column: string | null) => void }) {
  return (
    <ul className={`error-list${kind === "warning" ? " warning-list" : ""}`} aria-label={kind === "error" ? "Errors" : "Warnings"}>
      {issues.slice(0, LIMIT).map((e) => (
        <li key={e.key}>
          <button type="button" onClick={() => onReveal(e.line, e.column)}>
            <span className="error-line">Line {e.line}</span>
            {e.column && <span className="error-column">{e.column}</span>}
            <span className="error-message">{e.message}</span>
          </button>
        </li>
      ))}
      {issues.length > LIMIT && <li className="empty small">…and {issues.length - LIMIT} more: they are all in errmsg.txt (“Export invalid records”).</li>}
    </ul>
  );
}

/**
 * Every error of the file, then every warning under its own heading (a warning does not stop a
 * row, but the user should see it where the errors are); a click scrolls the grid to the cell.
 */
export function ErrorPanel({ rows, onReveal }: { rows: ImportRowView[]; onReveal: (line: number, column: string | null) => void }) {
  const errors = collect(rows, (r) => r.errors);
  const warnings = collect(rows, (r) => r.warnings);
  return (
    <section className="card" aria-labelledby="errors-heading">
      <h2 id="errors-heading" className="panel-title">
        Errors <span className="count">{errors.length}</span>
      </h2>
      {errors.length === 0 ? <p className="empty small">No errors. Every row can be imported.</p> : <IssueList issues={errors} kind="error" onReveal={onReveal} />}
      {warnings.length > 0 && (
        <>
          <h3 id="warnings-heading" className="panel-title panel-subtitle">
            Warnings <span className="count">{warnings.length}</span>
          </h3>
          <IssueList issues={warnings} kind="warning" onReveal={onReveal} />
        </>
      )}
    </section>
  );
}
